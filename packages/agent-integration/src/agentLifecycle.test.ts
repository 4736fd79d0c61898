import { createTelemetry, type TelemetryError } from '@foundation-telemetry/core'
import { captureTelemetry } from '@foundation-telemetry/testing'
import { describe, expect, it } from 'vitest'
import { recordSpans } from '../test/spans.ts'
import { AgentLifecycle } from './agentLifecycle.ts'

function setup() {
  const errors: TelemetryError[] = []
  const t = createTelemetry({ service: 'agents', enrich: false, onError: (e) => errors.push(e) })
  return { t, errors, lifecycle: new AgentLifecycle(t) }
}

const planner = { id: 'p1', type: 'planner', capabilities: ['plan'] }

describe('AgentLifecycle', () => {
  it("emits each lifecycle event with the agent's id and type, leaving out what was not given", async () => {
    const { t, lifecycle } = setup()
    const events = await captureTelemetry(t, 'foundation_jido.agent.*', () => {
      lifecycle.started(planner, { startupDuration: 12 })
      lifecycle.stopped({ id: 'p2' })
      lifecycle.restarted(planner, 3, 'crashed')
      lifecycle.unregistered(planner, 'retired')
    })
    expect(events.map((e) => [e.event, e.measurements, e.metadata])).toEqual([
      ['foundation_jido.agent.started', { startup_duration: 12 }, { agent_id: 'p1', agent_type: 'planner' }],
      ['foundation_jido.agent.stopped', {}, { agent_id: 'p2' }],
      [
        'foundation_jido.agent.restarted',
        {},
        { agent_id: 'p1', agent_type: 'planner', restart_count: 3, reason: 'crashed' },
      ],
      [
        'foundation_jido.agent.unregistered',
        {},
        { agent_id: 'p1', agent_type: 'planner', reason: 'retired' },
      ],
    ])
  })

  it('a registration is a success unless an error is given, and carries a copy of the capabilities', async () => {
    const { t, lifecycle } = setup()
    const agent = { id: 'w1', capabilities: ['search'] }
    const events = await captureTelemetry(t, 'foundation_jido.agent.registration.complete', () => {
      lifecycle.registered(agent)
      lifecycle.registered(agent, { error: 'no slot', startupDuration: Number.NaN })
      agent.capabilities.push('late')
    })
    expect(events.map((e) => [e.measurements, e.metadata])).toEqual([
      [{}, { agent_id: 'w1', capabilities: ['search'], success: true }],
      [{}, { agent_id: 'w1', capabilities: ['search'], success: false, error: 'no slot' }],
    ])
  })

  it('a health check keeps only finite measurements and counts anything but true as unhealthy', async () => {
    const { t, lifecycle } = setup()
    const events = await captureTelemetry(t, 'foundation_jido.agent.health_check', () => {
      lifecycle.healthCheck(planner, true, { queueLength: 4, memory: Number.POSITIVE_INFINITY, status: 'ok' })
      lifecycle.healthCheck(planner, 'yes' as never)
    })
    expect(events.map((e) => [e.measurements, e.metadata.healthy, e.metadata.status])).toEqual([
      [{ queue_length: 4 }, true, 'ok'],
      [{}, false, undefined],
    ])
  })

  it('register runs fn in the registration span, and still runs it for an agent without an id', async () => {
    const { t, lifecycle, errors } = setup()
    const spans = recordSpans(t)
    const results: number[] = []
    const events = await captureTelemetry(t, 'foundation_jido.agent.registration.*', () => {
      results.push(lifecycle.register(planner, () => 1))
      results.push(lifecycle.register({ id: '' }, () => 2))
    })
    expect(results).toEqual([1, 2])
    expect(events[0]?.metadata).toMatchObject({ agent_id: 'p1', capabilities: ['plan'] })
    expect(spans.map((s) => s.name)).toEqual([
      'foundation_jido.agent.registration',
      'foundation_jido.agent.registration',
    ])
    expect(errors.map((e) => [e.message, e.details.missing])).toEqual([
      ['foundation_jido.agent.registration: the agent has no id', 'agent_id'],
    ])
  })

  it('an agent without an id is reported for each call and emits nothing', async () => {
    const { t, lifecycle, errors } = setup()
    const events = await captureTelemetry(t, 'foundation_jido.agent.*', () => {
      lifecycle.stopped(undefined as never)
      lifecycle.healthCheck({ id: '' }, true)
    })
    expect(events).toEqual([])
    expect(errors.map((e) => [e.code, e.details.event_name])).toEqual([
      ['invalid_input', 'foundation_jido.agent.stopped'],
      ['invalid_input', 'foundation_jido.agent.health_check'],
    ])
  })
})
