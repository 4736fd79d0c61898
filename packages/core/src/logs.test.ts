import { describe, expect, it } from 'vitest'
import type { TelemetryError } from './errors.ts'
import { type LogRecord, levelOfSeverity } from './logs.ts'
import { createManualClock } from './manualClock.ts'
import { createTelemetry } from './telemetry.ts'

function setup() {
  const errors: TelemetryError[] = []
  const t = createTelemetry({ clock: createManualClock(), service: 'svc', onError: (e) => errors.push(e) })
  const records: LogRecord[] = []
  t.addLogProcessor({ onEmit: (r) => records.push(r), forceFlush: async () => {}, shutdown: async () => {} })
  return { t, errors, records }
}

describe('t.log', () => {
  it('stamps records written inside a span with its trace and span ids and the correlation ID', async () => {
    const { t, records } = setup()
    await t.withCorrelationId('req-42', () =>
      t.span('app.work', {}, async (span) => {
        await Promise.resolve()
        t.log('warn', 'slow upstream', { upstream: 'search' })
        return span
      }),
    )
    t.log('info', 'outside')
    const [inside, outside] = records
    expect(inside).toMatchObject({
      severityNumber: 13,
      severityText: 'WARN',
      body: 'slow upstream',
      attributes: { upstream: 'search', correlation_id: 'req-42' },
      resource: { 'service.name': 'svc' },
    })
    expect(inside?.traceId).toMatch(/^[0-9a-f]{32}$/)
    expect(inside?.spanId).toMatch(/^[0-9a-f]{16}$/)
    expect(outside?.traceId).toBeUndefined()
    expect(outside?.attributes.correlation_id).toBeUndefined()
  })

  it('maps every level onto the OpenTelemetry severity ranges', () => {
    const { t, records } = setup()
    for (const level of ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const) t.log(level, level)
    expect(records.map((r) => r.severityNumber)).toEqual([1, 5, 9, 13, 17, 21])
    expect([1, 4, 5, 9, 12, 13, 17, 21, 24, 0].map(levelOfSeverity)).toEqual([
      'trace',
      'trace',
      'debug',
      'info',
      'info',
      'warn',
      'error',
      'fatal',
      'fatal',
      'info',
    ])
  })

  it('reports an unknown level and a throwing processor without throwing', () => {
    const { t, errors, records } = setup()
    t.addLogProcessor({
      onEmit: () => {
        throw new Error('sink broke')
      },
      forceFlush: async () => {},
      shutdown: async () => {},
    })
    expect(() => t.log('loud' as never, 'x')).not.toThrow()
    expect(records[0]?.severityText).toBe('INFO')
    expect(errors.map((e) => e.code)).toEqual(['invalid_input', 'export_failure'])
  })

  it('flushes and shuts down its processors with the instance', async () => {
    const t = createTelemetry()
    const calls: string[] = []
    t.addLogProcessor({
      onEmit() {},
      forceFlush: async () => void calls.push('flush'),
      shutdown: async () => void calls.push('shutdown'),
    })
    await t.forceFlush()
    await t.shutdown()
    expect(calls).toEqual(['flush', 'flush', 'shutdown'])
  })

  it('traceFields gives bridges the ids of the current context', () => {
    const { t } = setup()
    expect(t.traceFields()).toEqual({})
    const span = t.startSpan('x')
    const fields = t.withContext(span, () => t.withCorrelationId('c-1', () => t.traceFields()))
    expect(fields).toEqual({
      trace_id: span.spanContext().traceId,
      span_id: span.spanContext().spanId,
      trace_flags: '01',
      correlation_id: 'c-1',
    })
  })
})

describe('correlation IDs', () => {
  it('survive an await chain and timers, and reach every event metadata', async () => {
    const { t } = setup()
    const seen: unknown[] = []
    t.attach('c', 'app.step', (_e, _m, md) => seen.push(md.correlation_id))
    await t.withCorrelationId('corr-7', async () => {
      t.execute('app.step', {}, {})
      await Promise.resolve()
      await new Promise<void>((resolve) => queueMicrotask(resolve))
      t.execute('app.step', {}, {})
      expect(t.correlationId()).toBe('corr-7')
    })
    t.execute('app.step', {}, {})
    expect(seen).toEqual(['corr-7', 'corr-7', undefined])
  })

  it('a caller-set correlation_id wins, and a bad id is reported and ignored', () => {
    const { t, errors } = setup()
    const seen: unknown[] = []
    t.attach('c', 'app.step', (_e, _m, md) => seen.push(md.correlation_id))
    t.withCorrelationId('outer', () => t.execute('app.step', {}, { correlation_id: 'mine' }))
    expect(t.withCorrelationId('' as string, () => 5)).toBe(5)
    expect(seen).toEqual(['mine'])
    expect(errors[0]?.details.api).toBe('withCorrelationId')
  })
})
