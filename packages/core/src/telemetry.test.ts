import { beforeEach, describe, expect, it, vi } from 'vitest'
import { TelemetryError, TelemetryErrorCode } from './errors.ts'
import type { MetricsDeps, MetricsEngine } from './metrics/createMetrics.ts'

const engine = {
  record: vi.fn(),
  shutdown: vi.fn(),
  counter: vi.fn(),
}
const created: MetricsDeps[] = []

vi.mock('./metrics/createMetrics.ts', () => ({
  createMetrics: (deps: MetricsDeps) => {
    created.push(deps)
    return engine as unknown as MetricsEngine
  },
}))

const { createTelemetry, telemetry } = await import('./telemetry.ts')

beforeEach(() => {
  created.length = 0
  engine.record.mockReset()
  engine.shutdown.mockReset()
})

describe('createTelemetry', () => {
  it('exposes the resolved identity', () => {
    const t = createTelemetry({ env: { OTEL_SERVICE_NAME: 'svc' }, layer: 'foundation_jido' })
    expect(t.service).toBe('svc')
    expect(t.layer).toBe('foundation_jido')
    expect(t.environment).toBe('development')
    expect(t.resource['service.name']).toBe('svc')
  })

  it('the default instance lives on globalThis, shared by every copy of the module', () => {
    expect((globalThis as Record<symbol, unknown>)[Symbol.for('foundation-telemetry.default')]).toBe(
      telemetry,
    )
  })

  it('creates metrics lazily, once, on first access', () => {
    const t = createTelemetry({ env: {} })
    t.execute('e')
    t.span('s', {}, () => undefined)
    expect(created).toHaveLength(0)
    expect(t.metrics).toBe(engine)
    expect(t.metrics).toBe(engine)
    expect(created).toHaveLength(1)
    expect(created[0]?.clock).toBe(t.clock)
  })

  it('recordMetric delegates to the engine', () => {
    const t = createTelemetry({ env: {} })
    t.recordMetric('foundation.registry.lookup_duration', 3.5, { registry: 'main' })
    expect(engine.record).toHaveBeenCalledWith('foundation.registry.lookup_duration', 3.5, {
      registry: 'main',
    })
  })

  it('recordMetric never throws when the engine does', () => {
    const t = createTelemetry({ env: {} })
    engine.record.mockImplementation(() => {
      throw new Error('engine bug')
    })
    expect(() => t.recordMetric('m', 1)).not.toThrow()
    expect(t.stats().data_dropped).toBe(1)
  })

  it('gives the engine an exemplar source that only returns sampled span contexts', () => {
    const t = createTelemetry({
      env: {},
      sampler: { shouldSample: ({ name }) => ({ sampled: name === 'kept' }) },
    })
    void t.metrics
    const deps = created[0] as MetricsDeps
    const kept = t.startSpan('kept')
    const dropped = t.startSpan('dropped')
    expect(t.withContext(kept, () => deps.activeSpanContext())).toEqual(kept.spanContext())
    expect(t.withContext(dropped, () => deps.activeSpanContext())).toBeUndefined()
  })

  it('shutdown stops metrics only if they were created, and is idempotent', async () => {
    const quiet = createTelemetry({ env: {} })
    await quiet.shutdown()
    expect(engine.shutdown).not.toHaveBeenCalled()
    const t = createTelemetry({ env: {} })
    void t.metrics
    await Promise.all([t.shutdown(), t.shutdown()])
    expect(engine.shutdown).toHaveBeenCalledTimes(1)
  })

  it('reportError goes through the hook, the event and the counters', () => {
    const hooked: TelemetryError[] = []
    const t = createTelemetry({ env: {}, onError: (e) => hooked.push(e) })
    const events: string[] = []
    t.attach('w', 'telemetry.*', (e) => events.push(e))
    t.reportError(new TelemetryError(TelemetryErrorCode.EXPORT_FAILURE, 'otlp down'))
    t.reportError('not an error' as never)
    expect(hooked.map((e) => e.code)).toEqual(['export_failure', 'invalid_input'])
    expect(events).toEqual(['telemetry.export.failure', 'telemetry.input.invalid'])
    expect(t.stats()).toEqual({ export_failure: 1, invalid_input: 1 })
  })

  it('bind keeps the context a function was bound in', () => {
    const t = createTelemetry({ env: {} })
    const span = t.startSpan('s')
    const bound = t.withContext(span, () => t.bind(() => t.activeSpan()))
    expect(bound()).toBe(span)
  })

  it('bad options never throw', () => {
    expect(() => createTelemetry(null as never)).not.toThrow()
    expect(() => createTelemetry({ env: {}, onError: 'x' as never, sampler: 5 as never })).not.toThrow()
    const t = createTelemetry({ env: {}, sampler: {} as never })
    expect(t.stats().invalid_input).toBe(1)
    expect(t.startSpan('s').spanContext().traceFlags).toBe(1)
  })
})
