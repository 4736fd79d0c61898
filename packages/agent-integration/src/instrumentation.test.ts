import { createManualClock, createTelemetry, type TelemetryError } from '@foundation-telemetry/core'
import { captureTelemetry } from '@foundation-telemetry/testing'
import { describe, expect, it } from 'vitest'
import { recordSpans } from '../test/spans.ts'
import { attachAgentCollector } from './collector.ts'
import { createAgentInstrumentation } from './instrumentation.ts'

function setup(options: Parameters<typeof createAgentInstrumentation>[1] = {}) {
  const clock = createManualClock()
  const errors: TelemetryError[] = []
  const t = createTelemetry({ service: 'agents', clock, onError: (e) => errors.push(e) })
  const spans = recordSpans(t)
  const agents = createAgentInstrumentation(t, options)
  return { t, clock, errors, spans, agents }
}

describe('auction handle', () => {
  it('emits start, bids and complete with winners, all in the auction span', async () => {
    const { t, clock, agents, spans } = setup()
    const events = await captureTelemetry(t, 'foundation_jido.coordination.auction.*', () => {
      const auction = agents.openAuction({ id: 'a1', resourceType: 'gpu', participantCount: 3 })
      auction.bid('agent_1', 0.8)
      auction.bid('agent_2', 0.5)
      clock.advance(40)
      auction.close({ winners: ['agent_1'], winningBid: 0.8 })
    })
    expect(events.map((e) => e.event)).toEqual([
      'foundation_jido.coordination.auction.start',
      'foundation_jido.coordination.auction.bid_received',
      'foundation_jido.coordination.auction.bid_received',
      'foundation_jido.coordination.auction.complete',
    ])
    const span = spans.find((s) => s.name === 'foundation_jido.coordination.auction')
    for (const e of events) {
      expect(e.metadata).toMatchObject({
        auction_id: 'a1',
        resource_type: 'gpu',
        participant_count: 3,
        trace_id: span?.spanContext.traceId,
        span_id: span?.spanContext.spanId,
      })
    }
    expect(events[1]).toMatchObject({ measurements: { bid_value: 0.8 }, metadata: { agent_id: 'agent_1' } })
    expect(events[3]).toMatchObject({
      measurements: { duration: 40, bids: 2, winning_bid: 0.8 },
      metadata: { success: true, winner_count: 1, winner_ids: ['agent_1'] },
    })
  })

  it('feeds the collector: the fairness example through the API', () => {
    const { t, agents } = setup()
    attachAgentCollector(t)
    for (const winner of ['a', 'a', 'a', 'a', 'b', 'b', 'c', 'd']) {
      const auction = agents.openAuction({ resourceType: 'gpu', participantCount: 4 })
      for (const agent of ['a', 'b', 'c', 'd']) auction.bid(agent, 1)
      auction.close({ winners: [winner] })
    }
    const fairness = t.metrics.collect().find((m) => m.name === 'foundation_jido.auction.fairness_score')
    expect(fairness?.series[0]?.value).toBeCloseTo(64 / 88, 12)
    const participation = t.metrics
      .collect()
      .find((m) => m.name === 'foundation_jido.auction.participation_rate')
    expect(participation?.series[0]?.value).toBe(1)
  })

  it('a bid that is not a finite number is reported and counted without its value', async () => {
    const { t, agents, errors } = setup()
    const events = await captureTelemetry(t, 'foundation_jido.coordination.auction.bid_received', () => {
      agents.openAuction({ id: 'a3', resourceType: 'gpu' }).bid('agent_1', Number.NaN)
    })
    expect(events.map((e) => e.measurements)).toEqual([{}])
    expect(errors.map((e) => e.message)).toEqual(['auction a3: bid from agent_1 is not a finite number'])
  })

  it('closing twice, or bidding after the close, is reported and not thrown', () => {
    const { agents, errors } = setup()
    const auction = agents.openAuction({ id: 'a2', resourceType: 'gpu' })
    auction.close({ winners: [] })
    expect(() => auction.close({ winners: ['x'] })).not.toThrow()
    auction.bid('late', 1)
    auction.fail(new Error('late'))
    expect(errors.map((e) => [e.code, e.message, e.details.event_name])).toEqual([
      [
        'invalid_input',
        'auction a2: closed after it was closed',
        'foundation_jido.coordination.auction.complete',
      ],
      [
        'invalid_input',
        'auction a2: a bid after it was closed',
        'foundation_jido.coordination.auction.bid_received',
      ],
      [
        'invalid_input',
        'auction a2: failed after it was closed',
        'foundation_jido.coordination.auction.exception',
      ],
    ])
  })
})

describe('session handle', () => {
  it('counts messages, and a failure is an exception the KPIs count', async () => {
    const { t, agents } = setup()
    const collector = attachAgentCollector(t)
    const events = await captureTelemetry(t, 'foundation_jido.coordination.session.*', () => {
      const ok = agents.openSession({ id: 's1', type: 'consensus', agents: ['p', 'c'] })
      ok.message('p', 'c', { type: 'proposal' })
      ok.message('c', 'p', { type: 'vote', direction: 'received', duration: 3 })
      ok.complete({ result: 'agreed', resourceUtilization: 0.75 })
      agents.openSession({ id: 's2', type: 'consensus' }).fail(new TypeError('no quorum'))
    })
    expect(events.map((e) => e.event)).toEqual([
      'foundation_jido.coordination.session.start',
      'foundation_jido.coordination.session.message',
      'foundation_jido.coordination.session.message',
      'foundation_jido.coordination.session.complete',
      'foundation_jido.coordination.session.start',
      'foundation_jido.coordination.session.exception',
    ])
    expect(events[3]).toMatchObject({
      measurements: { messages: 2, resource_utilization: 0.75 },
      metadata: { session_id: 's1', success: true, result: 'agreed', coordination_type: 'consensus' },
    })
    expect(events[5]?.metadata).toMatchObject({ session_id: 's2', kind: 'TypeError', reason: 'no quorum' })
    expect(collector.kpis()['foundation_jido.coordination.success_rate']).toEqual([
      { value: 0.5, tags: { coordination_type: 'consensus' } },
    ])
  })

  it('run() nests work under the session span', () => {
    const { t, agents, spans } = setup()
    const session = agents.openSession({ type: 'planning' })
    session.run(() => t.span('dspex.program.execute', { program_id: 'p' }, () => 1))
    session.complete()
    const child = spans.find((s) => s.name === 'dspex.program.execute')
    const parent = spans.find((s) => s.name === 'foundation_jido.coordination.session')
    expect(child?.parentSpanId).toBe(parent?.spanContext.spanId)
    expect(child?.spanContext.traceId).toBe(parent?.spanContext.traceId)
  })
})

describe('tasks, lifecycle and signals', () => {
  it('runTask reports completed and failed tasks with their durations', async () => {
    const { t, clock, agents } = setup()
    const events = await captureTelemetry(t, 'foundation_jido.task.*', async () => {
      agents.runTask({ id: 't1', type: 'summarize', agentId: 'w1' }, () => clock.advance(25))
      await expect(
        agents.runTask({ id: 't2', type: 'summarize', agentId: 'w1' }, async () => {
          clock.advance(5)
          throw new Error('model refused')
        }),
      ).rejects.toThrow('model refused')
    })
    expect(events.map((e) => [e.event, e.measurements.duration, e.metadata.task_id])).toEqual([
      ['foundation_jido.task.started', undefined, 't1'],
      ['foundation_jido.task.completed', 25, 't1'],
      ['foundation_jido.task.started', undefined, 't2'],
      ['foundation_jido.task.failed', 5, 't2'],
    ])
    expect(events[3]?.metadata).toMatchObject({
      error: 'model refused',
      task_type: 'summarize',
      agent_id: 'w1',
    })
  })

  it('dispatch is a span; a thrown error reaches the caller and is an exception', async () => {
    const { t, agents } = setup()
    const signal = { type: 'task.assigned', adapter: 'pubsub', targetType: 'agent' }
    const events = await captureTelemetry(t, 'foundation_jido.signal.dispatch.*', () => {
      expect(agents.dispatch(signal, () => 'sent')).toBe('sent')
      expect(() =>
        agents.dispatch(signal, () => {
          throw new Error('broker down')
        }),
      ).toThrow('broker down')
    })
    expect(events.map((e) => e.event)).toEqual([
      'foundation_jido.signal.dispatch.start',
      'foundation_jido.signal.dispatch.stop',
      'foundation_jido.signal.dispatch.start',
      'foundation_jido.signal.dispatch.exception',
    ])
    expect(events[1]?.metadata).toMatchObject({
      signal_type: 'task.assigned',
      adapter: 'pubsub',
      target_type: 'agent',
    })
  })

  it('lifecycle emitters feed the active and healthy agent KPIs', () => {
    const { t, agents } = setup()
    const collector = attachAgentCollector(t)
    const planner = { id: 'p1', type: 'planner' }
    agents.registered(planner, { startupDuration: 12 })
    agents.started(planner)
    agents.started({ id: 'p2', type: 'planner' })
    agents.healthCheck(planner, true, { queueLength: 2 })
    agents.stopped({ id: 'p2' }, 'done')
    const kpis = collector.kpis()
    expect(kpis['foundation_jido.agents.active_count']).toEqual([
      { value: 1, tags: { agent_type: 'planner' } },
    ])
    expect(kpis['foundation_jido.agents.healthy']).toEqual([{ value: 1, tags: { agent_type: 'planner' } }])
    const registrations = t.metrics.collect().find((m) => m.name === 'foundation_jido.agent.registrations')
    expect(registrations?.series.map((s) => [s.tags, s.value])).toEqual([
      [{ agent_type: 'planner', success: 'true' }, 1],
    ])
  })

  it('an agent without an id is reported, and nothing is emitted', async () => {
    const { t, agents, errors } = setup()
    const events = await captureTelemetry(t, 'foundation_jido.agent.*', () => {
      agents.started({ id: '' })
    })
    expect(events).toEqual([])
    expect(errors.map((e) => e.details.event_name)).toEqual(['foundation_jido.agent.started'])
  })
})

describe('open handles are bounded', () => {
  it('beyond maxOpenHandles the oldest is reported as never closed and its span ends in error', () => {
    const { agents, errors, spans } = setup({ maxOpenHandles: 2 })
    agents.openAuction({ id: 'x1', resourceType: 'gpu' })
    agents.openAuction({ id: 'x2', resourceType: 'gpu' })
    agents.openSession({ id: 'x3' })
    expect(agents.openHandles).toBe(2)
    expect(errors.map((e) => [e.code, e.message])).toEqual([
      ['data_dropped', 'auction x1 was never closed (more than 2 handles open)'],
    ])
    expect(spans.map((s) => [s.attributes.auction_id, s.status.code])).toEqual([['x1', 2]])
  })

  it('a handle older than maxHandleAge is reported when the next one opens', () => {
    const { clock, agents, errors } = setup({ maxHandleAge: 60_000 })
    const forgotten = agents.startTask({ id: 'slow', type: 'x', agentId: 'w' })
    clock.advance(60_000)
    agents.startTask({ id: 'next', type: 'x', agentId: 'w' })
    expect(errors.map((e) => e.message)).toEqual(['task slow was never closed (open longer than 60000 ms)'])
    forgotten.complete() // closing it late is reported too, not thrown
    expect(errors.at(-1)?.message).toBe('task slow: completed after it was closed')
    expect(agents.openHandles).toBe(1)
  })
})
