import { createManualClock, createTelemetry, type TelemetryError } from '@foundation-telemetry/core'
import { describe, expect, it } from 'vitest'
import { untyped } from '../test/untyped.ts'
import { attachAgentCollector } from './collector.ts'

const MIN = 60_000
const session = 'foundation_jido.coordination.session'
const dispatch = 'foundation_jido.signal.dispatch'

function setup(options: Parameters<typeof attachAgentCollector>[1] = {}) {
  const clock = createManualClock()
  const errors: TelemetryError[] = []
  const t = createTelemetry({ service: 'agents', clock, onError: (e) => errors.push(e) })
  const collector = attachAgentCollector(t, options)
  const gauge = (name: string, tags: Record<string, string> = {}) =>
    t.metrics
      .collect()
      .find((m) => m.name === name)
      ?.series.find((s) => JSON.stringify(s.tags) === JSON.stringify(tags))?.value
  return { t, clock, collector, errors, gauge }
}

describe('agents.active_count and agents.healthy', () => {
  it('counts started minus stopped agents by type, down to zero', () => {
    const { t, gauge } = setup()
    untyped(t)('foundation_jido.agent.started', {}, { agent_id: 'w1', agent_type: 'worker' })
    untyped(t)('foundation_jido.agent.started', {}, { agent_id: 'w2', agent_type: 'worker' })
    untyped(t)('foundation_jido.agent.started', {}, { agent_id: 'c1', agent_type: 'coordinator' })
    untyped(t)('foundation_jido.agent.stopped', {}, { agent_id: 'w1' })
    expect(gauge('foundation_jido.agents.active_count', { agent_type: 'worker' })).toBe(1)
    expect(gauge('foundation_jido.agents.active_count', { agent_type: 'coordinator' })).toBe(1)
    untyped(t)('foundation_jido.agent.stopped', {}, { agent_id: 'w2', agent_type: 'worker' })
    // A stop for an agent never seen starting (collector attached later) does not go below zero.
    untyped(t)('foundation_jido.agent.stopped', {}, { agent_id: 'w9', agent_type: 'worker' })
    expect(gauge('foundation_jido.agents.active_count', { agent_type: 'worker' })).toBe(0)
  })

  it('counts agents whose last health check in the window passed', () => {
    const { t, clock, gauge } = setup({ window: 10 * MIN })
    const check = (agent_id: string, healthy: boolean) =>
      untyped(t)('foundation_jido.agent.health_check', {}, { agent_id, agent_type: 'worker', healthy })
    check('w1', true)
    check('w2', true)
    check('w3', false)
    expect(gauge('foundation_jido.agents.healthy', { agent_type: 'worker' })).toBe(2)
    check('w2', false) // the last check is what counts
    expect(gauge('foundation_jido.agents.healthy', { agent_type: 'worker' })).toBe(1)
    clock.advance(6 * MIN)
    check('w3', true)
    clock.advance(5 * MIN) // w1's check is 11 min old: no longer known healthy
    expect(gauge('foundation_jido.agents.healthy', { agent_type: 'worker' })).toBe(1)
    untyped(t)('foundation_jido.agent.unregistered', {}, { agent_id: 'w3' })
    expect(gauge('foundation_jido.agents.healthy', { agent_type: 'worker' })).toBeUndefined()
  })
})

describe('coordination KPIs', () => {
  it('success rate counts .exception and success: false as failures, by coordination type', () => {
    const { t, gauge } = setup()
    const meta = { session_id: 's', coordination_type: 'consensus' }
    untyped(t)(`${session}.complete`, { duration: 100 }, { ...meta, success: true })
    untyped(t)(`${session}.stop`, { duration: 300, monotonic_time: 1 }, meta)
    untyped(t)(`${session}.complete`, { duration: 200 }, { ...meta, success: false })
    untyped(t)(
      `${session}.exception`,
      { duration: 50, monotonic_time: 1 },
      { ...meta, kind: 'Error', reason: 'x' },
    )
    untyped(t)(
      `${session}.complete`,
      { duration: 10 },
      { session_id: 's2', coordination_type: 'auction_chain' },
    )
    expect(gauge('foundation_jido.coordination.success_rate', { coordination_type: 'consensus' })).toBe(0.5)
    expect(gauge('foundation_jido.coordination.success_rate', { coordination_type: 'auction_chain' })).toBe(1)
    // Mean over sessions that ended (a throw has no meaningful coordination time): (100+300+200)/3.
    expect(gauge('foundation_jido.coordination.average_duration', { coordination_type: 'consensus' })).toBe(
      200,
    )
  })

  it('resource utilization is the mean reported by sessions in the window', () => {
    const { t, clock, gauge } = setup({ window: 60 * MIN })
    const meta = { session_id: 's', coordination_type: 'allocation' }
    untyped(t)(`${session}.complete`, { duration: 1, resource_utilization: 0.9 }, meta)
    clock.advance(30 * MIN)
    untyped(t)(`${session}.complete`, { duration: 1, resource_utilization: 0.5 }, meta)
    untyped(t)(`${session}.complete`, { duration: 1, resource_utilization: 0.4 }, meta)
    expect(
      gauge('foundation_jido.coordination.resource_utilization', { coordination_type: 'allocation' }),
    ).toBe(0.6)
    clock.advance(31 * MIN)
    expect(
      gauge('foundation_jido.coordination.resource_utilization', { coordination_type: 'allocation' }),
    ).toBe(0.45)
  })

  it('a window slides: sessions older than it leave the success rate', () => {
    const { t, clock, gauge } = setup()
    const meta = { session_id: 's', coordination_type: 'consensus' }
    untyped(t)(`${session}.complete`, {}, { ...meta, success: false })
    clock.advance(45 * MIN)
    untyped(t)(`${session}.complete`, {}, meta)
    expect(gauge('foundation_jido.coordination.success_rate', { coordination_type: 'consensus' })).toBe(0.5)
    clock.advance(16 * MIN) // default window 1 h: the failure is 61 min old
    expect(gauge('foundation_jido.coordination.success_rate', { coordination_type: 'consensus' })).toBe(1)
    clock.advance(45 * MIN)
    expect(
      gauge('foundation_jido.coordination.success_rate', { coordination_type: 'consensus' }),
    ).toBeUndefined()
  })
})

describe('signal.dispatch_success_rate', () => {
  it('is successful over all dispatches in the window, by adapter', () => {
    const { t, clock, gauge } = setup({ window: 10 * MIN })
    const end = { duration: 2, monotonic_time: 2 }
    const meta = { signal_type: 'task', adapter: 'pubsub' }
    untyped(t)(`${dispatch}.stop`, end, meta)
    untyped(t)(`${dispatch}.complete`, { duration: 1 }, { ...meta, success: true })
    untyped(t)(
      `${dispatch}.complete`,
      { duration: 1 },
      { ...meta, success: false, error_category: 'timeout' },
    )
    untyped(t)(`${dispatch}.exception`, end, { ...meta, kind: 'TypeError', reason: 'boom' })
    untyped(t)(`${dispatch}.stop`, end, { signal_type: 'task', adapter: 'http' })
    expect(gauge('foundation_jido.signal.dispatch_success_rate', { adapter: 'pubsub' })).toBe(0.5)
    expect(gauge('foundation_jido.signal.dispatch_success_rate', { adapter: 'http' })).toBe(1)
    clock.advance(5 * MIN)
    untyped(t)(`${dispatch}.stop`, end, meta)
    untyped(t)(`${dispatch}.stop`, end, meta)
    clock.advance(6 * MIN)
    expect(gauge('foundation_jido.signal.dispatch_success_rate', { adapter: 'pubsub' })).toBe(1)
    expect(gauge('foundation_jido.signal.dispatch_success_rate', { adapter: 'http' })).toBeUndefined()
  })
})

describe('kpis() and detach()', () => {
  it('kpis() returns what the gauges report; detach stops both metrics and KPIs', () => {
    const { t, collector, gauge } = setup()
    untyped(t)('foundation_jido.agent.started', {}, { agent_id: 'w1', agent_type: 'worker' })
    expect(collector.kpis()['foundation_jido.agents.active_count']).toEqual([
      { value: 1, tags: { agent_type: 'worker' } },
    ])
    collector.detach()
    collector.detach()
    untyped(t)('foundation_jido.task.started', {}, { task_id: 't', task_type: 'x', agent_id: 'w1' })
    expect(gauge('foundation_jido.agents.active_count', { agent_type: 'worker' })).toBeUndefined()
    expect(t.metrics.collect().find((m) => m.name === 'foundation_jido.task.started')?.series).toEqual([])
    expect(t.listHandlers('foundation_jido')).toEqual([])
  })

  it('a bad option is reported and its default used', () => {
    const { errors } = setup({ window: -1 })
    expect(errors.map((e) => e.message)).toEqual(['attachAgentCollector: window must be a positive number'])
  })
})
