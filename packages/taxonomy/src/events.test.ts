import { describe, expect, it } from 'vitest'
import {
  commonMetadataKeys,
  type EventDefinition,
  eventDefinitions,
  eventNames,
  findEventDefinition,
  isTaxonomyEvent,
} from './index.ts'

const snakeSegments = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/
const layerPrefix = {
  foundation: 'foundation.',
  foundation_jido: 'foundation_jido.',
  dspex: 'dspex.',
} as const
const metadataTypes =
  /^(string|number|boolean|string\[\]|object|object\[\]|unknown|[a-z0-9_]+(\|[a-z0-9_]+)+)$/
// UCUM as OpenTelemetry uses it: a unit, an annotation, or a rate of them.
const unitPattern = /^(ms|s|By|1|USD|\{[a-z_]+\})(\/(s|min))?$/

function get(name: string): EventDefinition {
  const event = findEventDefinition(name)
  if (!event) throw new Error(`missing taxonomy event ${name}`)
  return event
}
const keys = (fields: ReadonlyArray<{ key: string }>) => fields.map((f) => f.key)

describe('event taxonomy', () => {
  it('names every event as dot-separated snake_case segments, once, sorted', () => {
    for (const name of eventNames) expect(name).toMatch(snakeSegments)
    expect(new Set(eventNames).size).toBe(eventNames.length)
    expect([...eventNames]).toEqual([...eventNames].sort())
    expect(eventNames).toEqual(eventDefinitions.map((e) => e.name))
  })

  it('keeps each event under its layer prefix', () => {
    for (const event of eventDefinitions) {
      const prefix = layerPrefix[event.layer as keyof typeof layerPrefix] ?? `${event.layer}.`
      expect(event.name.startsWith(prefix), event.name).toBe(true)
    }
  })

  it('holds the names the seeds and DESIGN.md spell out', () => {
    const seedNames = [
      'foundation.process_registry.register.start',
      'foundation.process_registry.register.complete',
      'foundation.process_registry.lookup.start',
      'foundation.circuit_breaker.state_change',
      'foundation.rate_limiter.throttled',
      'foundation.retry.exhausted',
      'foundation.service.restarted',
      'foundation.service.health_check',
      'foundation.resource_manager.cleanup',
      'foundation.load_test.scenario.start',
      'foundation.load_test.scenario.stop',
      'foundation_jido.agent.registration.start',
      'foundation_jido.agent.registration.complete',
      'foundation_jido.signal.dispatch.start',
      'foundation_jido.signal.dispatch.complete',
      'foundation_jido.coordination.auction.start',
      'foundation_jido.coordination.auction.bid_received',
      'foundation_jido.coordination.auction.complete',
      'foundation_jido.task.started',
      'foundation_jido.task.completed',
      'foundation_jido.task.failed',
      'foundation_jido.performance_sensor.analysis_completed',
      'foundation_jido.health_sensor.analysis_completed',
      'dspex.program.execution.start',
      'dspex.program.execution.complete',
      'dspex.optimization.iteration.start',
      'dspex.optimization.iteration.stop',
      'dspex.coordination.multi_agent.start',
      'dspex.coordination.multi_agent.agent_result',
      'dspex.coordination.multi_agent.complete',
      'foundation_os.request.start',
      'foundation_os.request.complete',
      'foundation_os.error.occurred',
      'foundation_os.performance.degradation',
      'foundation_os.alert.triggered',
      'foundation_os.alert.resolved',
      'telemetry.handler.failure',
      'telemetry.data.dropped',
      'telemetry.input.invalid',
      'telemetry.export.failure',
    ]
    for (const name of seedNames) expect(isTaxonomyEvent(name), name).toBe(true)
  })

  it('expands every span operation into start, stop and exception with the span fields', () => {
    const spans = new Set(eventDefinitions.flatMap((e) => (e.span ? [e.span] : [])))
    expect(spans.size).toBeGreaterThan(0)
    for (const span of spans) {
      const start = get(`${span}.start`)
      const stop = get(`${span}.stop`)
      const exception = get(`${span}.exception`)
      expect(keys(start.measurements)).toContain('monotonic_time')
      expect(stop.measurements.filter((m) => !m.optional).map((m) => [m.key, m.unit])).toEqual(
        expect.arrayContaining([
          ['duration', 'ms'],
          ['monotonic_time', 'ms'],
        ]),
      )
      expect(keys(exception.measurements)).toEqual(['duration', 'monotonic_time'])
      expect(keys(exception.metadata)).toEqual(expect.arrayContaining(['kind', 'reason', 'stacktrace']))
      // Core's span repeats the start metadata on stop and exception.
      for (const field of start.metadata) {
        expect(stop.metadata, `${span}.stop`).toContainEqual(field)
        expect(exception.metadata, `${span}.exception`).toContainEqual(field)
      }
    }
  })

  it('defines `.complete` only beside a span and carries the stop fields', () => {
    for (const event of eventDefinitions.filter((e) => e.kind === 'span_complete')) {
      const stop = get(`${event.span}.stop`)
      const extra = stop.measurements.filter((m) => m.key !== 'duration' && m.key !== 'monotonic_time')
      expect(event.measurements).toEqual(expect.arrayContaining(extra))
      expect(event.metadata).toEqual(stop.metadata)
    }
    expect(isTaxonomyEvent('foundation.process_registry.lookup.complete')).toBe(false)
  })

  it('gives every field a known unit or type and a unique snake_case key', () => {
    for (const event of eventDefinitions) {
      for (const m of event.measurements) expect(m.unit, `${event.name}.${m.key}`).toMatch(unitPattern)
      for (const m of event.metadata) expect(m.type, `${event.name}.${m.key}`).toMatch(metadataTypes)
      const all = [...keys(event.measurements), ...keys(event.metadata)]
      for (const key of all) expect(key).toMatch(/^[a-z][a-z0-9_]*$/)
      expect(new Set(keys(event.metadata)).size, event.name).toBe(event.metadata.length)
      expect(new Set(keys(event.measurements)).size, event.name).toBe(event.measurements.length)
    }
  })

  it('never redefines a common metadata key with another type', () => {
    const common = new Map(commonMetadataKeys.map((k) => [k.key as string, k.type]))
    for (const event of eventDefinitions) {
      for (const field of event.metadata) {
        const type = common.get(field.key)
        if (type !== undefined) expect(field.type, `${event.name}.${field.key}`).toBe(type)
      }
    }
  })

  it('describes the runtime sample and telemetry events as the brief fixes them', () => {
    expect(get('foundation.runtime.sample').measurements.map((m) => [m.key, m.unit])).toEqual([
      ['event_loop_delay_p50', 'ms'],
      ['event_loop_delay_p99', 'ms'],
      ['event_loop_delay_max', 'ms'],
      ['event_loop_utilization', '1'],
      ['heap_used', 'By'],
      ['heap_total', 'By'],
      ['rss', 'By'],
      ['external', 'By'],
      ['active_handles', '{handle}'],
      ['active_requests', '{request}'],
      ['cpu_user', 'ms'],
      ['cpu_system', 'ms'],
    ])
    expect(keys(get('telemetry.handler.failure').metadata)).toEqual(
      expect.arrayContaining(['handler_id', 'event_name', 'error', 'durable']),
    )
    expect(keys(get('telemetry.data.dropped').measurements)).toEqual(['count'])
    expect(keys(get('telemetry.input.invalid').metadata)).toEqual(['code', 'message', 'api'])
    expect(keys(get('telemetry.export.failure').metadata)).toEqual(
      expect.arrayContaining(['exporter', 'error']),
    )
    // Core's error reporter emits `{ count: 1 }` with every problem event.
    for (const name of eventNames.filter((n) =>
      /^telemetry\.(handler|data|input|export)\.|^telemetry\.error$/.test(n),
    )) {
      expect(keys(get(name).measurements), name).toEqual(['count'])
    }
  })

  it('answers lookups for taxonomy names only', () => {
    for (const name of eventNames) {
      expect(isTaxonomyEvent(name)).toBe(true)
      expect(findEventDefinition(name)?.name).toBe(name)
    }
    for (const name of ['', 'foundation', 'foundation.circuit_breaker', 'my_app.thing', 'toString']) {
      expect(isTaxonomyEvent(name)).toBe(false)
      expect(findEventDefinition(name)).toBeUndefined()
    }
  })
})
