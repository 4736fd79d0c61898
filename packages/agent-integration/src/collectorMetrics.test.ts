import { createManualClock, createTelemetry, type TelemetryError } from '@foundation-telemetry/core'
import { findEventDefinition, metricDefinitions } from '@foundation-telemetry/taxonomy'
import { describe, expect, it } from 'vitest'
import { untyped } from '../test/untyped.ts'
import { attachAgentCollector } from './collector.ts'

function setup() {
  const clock = createManualClock()
  const errors: TelemetryError[] = []
  const t = createTelemetry({ service: 'agents', clock, onError: (e) => errors.push(e) })
  attachAgentCollector(t)
  const series = (name: string) => t.metrics.collect().find((m) => m.name === name)?.series ?? []
  return { t, errors, series }
}

/** Plausible metadata and measurements for any taxonomy event, from its definition. */
function sample(event: string) {
  const definition = findEventDefinition(event)
  const metadata: Record<string, unknown> = {}
  const measurements: Record<string, number> = {}
  for (const field of definition?.metadata ?? []) {
    if (field.type === 'string') metadata[field.key] = `${field.key}-1`
    else if (field.type === 'number') metadata[field.key] = 3
    else if (field.type === 'boolean') metadata[field.key] = true
    else if (field.type === 'string[]') metadata[field.key] = ['x']
    else if (field.type.includes('|')) metadata[field.key] = field.type.split('|')[0]
  }
  for (const m of definition?.measurements ?? []) measurements[m.key] = 7
  return { metadata, measurements }
}

const layerMetrics = metricDefinitions.filter(
  (m) => m.layer === 'foundation_jido' && m.recordedByCode !== true,
)

describe('agent layer metrics', () => {
  it.each(layerMetrics.map((m) => [m.name, m] as const))(
    '%s is recorded from each of its events under its tag keys',
    (name, metric) => {
      for (const event of metric.events ?? []) {
        const { t, series } = setup()
        const { metadata, measurements } = sample(event)
        // dispatch_failures records failures only; make every end event one.
        if (name === 'foundation_jido.signal.dispatch_failures') metadata.success = false
        untyped(t)(event, measurements, metadata)
        const recorded = series(name)
        expect(recorded.length, `${name} from ${event}`).toBe(1)
        const only = recorded[0]
        expect(Object.keys(only?.tags ?? {}).every((k) => metric.tagKeys.includes(k))).toBe(true)
        const value = only?.value ?? only?.histogram?.count
        expect(value, `${name} from ${event}`).toBeGreaterThan(0)
      }
    },
  )

  it('startup duration reads startup_duration, not the span duration', () => {
    const { t, series } = setup()
    untyped(t)(
      'foundation_jido.agent.registration.stop',
      { duration: 900, monotonic_time: 1, startup_duration: 40 },
      { agent_id: 'a', agent_type: 'worker' },
    )
    expect(series('foundation_jido.agent.startup_duration')[0]?.histogram?.sum).toBe(40)
  })

  it('dispatch failures count failed and thrown dispatches, with the error class as category', () => {
    const { t, series } = setup()
    const meta = { signal_type: 's', adapter: 'pubsub' }
    untyped(t)('foundation_jido.signal.dispatch.stop', { duration: 1, monotonic_time: 1 }, meta)
    untyped(t)(
      'foundation_jido.signal.dispatch.complete',
      {},
      { ...meta, success: false, error_category: 'timeout' },
    )
    untyped(t)(
      'foundation_jido.signal.dispatch.exception',
      { duration: 1, monotonic_time: 1 },
      { ...meta, kind: 'TypeError', reason: 'x' },
    )
    const tagsAndValues = series('foundation_jido.signal.dispatch_failures').map((s) => [s.tags, s.value])
    expect(tagsAndValues).toEqual([
      [{ adapter: 'pubsub', error_category: 'timeout' }, 1],
      [{ adapter: 'pubsub', error_category: 'TypeError' }, 1],
    ])
    const dispatches = series('foundation_jido.signal.dispatches').map((s) => [s.tags.success, s.value])
    expect(dispatches).toEqual([
      ['true', 1],
      ['false', 2],
    ])
  })

  it('coordinations count sessions by their type and auctions as type auction', () => {
    const { t, series } = setup()
    untyped(t)(
      'foundation_jido.coordination.session.complete',
      {},
      { session_id: 's', coordination_type: 'vote' },
    )
    untyped(t)(
      'foundation_jido.coordination.session.exception',
      { duration: 1, monotonic_time: 1 },
      { session_id: 's', coordination_type: 'vote', kind: 'Error', reason: 'x' },
    )
    untyped(t)('foundation_jido.coordination.auction.start', {}, { auction_id: 'a', resource_type: 'gpu' })
    untyped(t)('foundation_jido.coordination.auction.complete', {}, { auction_id: 'a', resource_type: 'gpu' })
    expect(series('foundation_jido.coordinations').map((s) => [s.tags, s.value])).toEqual([
      [{ coordination_type: 'vote', success: 'true' }, 1],
      [{ coordination_type: 'vote', success: 'false' }, 1],
      [{ coordination_type: 'auction', success: 'true' }, 1],
    ])
  })

  it('the performance sensor adds the issues it detected', () => {
    const { t, series } = setup()
    const event = 'foundation_jido.performance_sensor.analysis_completed'
    untyped(t)(event, { duration: 3, agents_analyzed: 10, issues_detected: 4 }, { sensor_id: 'perf' })
    untyped(t)(event, { duration: 3, agents_analyzed: 10, issues_detected: 0 }, { sensor_id: 'perf' })
    expect(series('foundation_jido.sensor.issues_detected')[0]?.value).toBe(4)
    expect(series('foundation_jido.sensor.analysis_duration')[0]?.histogram?.count).toBe(2)
  })
})

describe('bad input', () => {
  it('events missing ids are reported once each, naming the event, and never thrown', () => {
    const { t, errors } = setup()
    untyped(t)('foundation_jido.agent.started', {}, { agent_type: 'worker' })
    untyped(t)('foundation_jido.coordination.auction.start', {}, { resource_type: 'gpu' })
    untyped(t)('foundation_jido.coordination.session.complete', {}, { coordination_type: 'vote' })
    expect(errors.map((e) => [e.code, e.details.event_name])).toEqual([
      ['invalid_input', 'foundation_jido.agent.started'],
      ['invalid_input', 'foundation_jido.coordination.auction.start'],
      ['invalid_input', 'foundation_jido.coordination.session.complete'],
    ])
    expect(t.stats().invalid_input).toBe(3)
  })

  it('bids for unknown auctions and winners that never bid are reported; the KPIs stay sensible', () => {
    const { t, errors } = setup()
    const auction = 'foundation_jido.coordination.auction'
    untyped(t)(`${auction}.bid_received`, { bid_value: 1 }, { auction_id: 'nope', agent_id: 'a' })
    untyped(t)(`${auction}.start`, {}, { auction_id: 'x', resource_type: 'gpu', participant_count: 2 })
    untyped(t)(`${auction}.bid_received`, { bid_value: 1 }, { auction_id: 'x', agent_id: 'a' })
    untyped(t)(`${auction}.complete`, {}, { auction_id: 'x', resource_type: 'gpu', winner_ids: ['b'] })
    untyped(t)(`${auction}.complete`, {}, { auction_id: 'x', resource_type: 'gpu', winner_ids: ['b'] })
    expect(errors.map((e) => e.message)).toEqual([
      'foundation_jido.coordination.auction.bid_received: bid from a for unknown auction nope',
      'foundation_jido.coordination.auction.complete: auction x winners never bid: b',
      'foundation_jido.coordination.auction.complete: auction x was never opened',
    ])
    const bids = t.metrics.collect().find((m) => m.name === 'foundation_jido.auction.bids')
    // Both bids are bids the system received; only the KPIs leave the stray one out.
    expect(bids?.series.reduce((sum, s) => sum + (s.value ?? 0), 0)).toBe(2)
    // b won without bidding: counted as a participant for fairness (wins a 0, b 1), not as a bid.
    const kpis = t.metrics.collect().filter((m) => m.name.startsWith('foundation_jido.auction.'))
    const value = (name: string) => kpis.find((m) => m.name === name)?.series[0]?.value
    expect(value('foundation_jido.auction.fairness_score')).toBe(0.5)
    expect(value('foundation_jido.auction.participation_rate')).toBe(0.5)
  })

  it('open auctions are bounded: the oldest is dropped and reported once', () => {
    const clock = createManualClock()
    const errors: TelemetryError[] = []
    const t = createTelemetry({ clock, onError: (e) => errors.push(e) })
    attachAgentCollector(t, { maxOpenAuctions: 2 })
    for (const id of ['a1', 'a2', 'a3', 'a4'])
      untyped(t)('foundation_jido.coordination.auction.start', {}, { auction_id: id, resource_type: 'gpu' })
    expect(errors.map((e) => [e.code, e.message])).toEqual([
      [
        'data_dropped',
        'agent collector keeps at most its maxOpenAuctions open auctions; auction a1 was dropped',
      ],
    ])
  })
})
