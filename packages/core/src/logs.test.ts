import { describe, expect, it } from 'vitest'
import { withCorrelationId } from './correlation.ts'
import type { TelemetryError } from './errors.ts'
import {
  buildLogRecord,
  internScope,
  type LogRecord,
  type LogRecordSources,
  levelOfSeverity,
  logInputOf,
  traceFieldsOf,
} from './logs.ts'
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

describe('the steps of a log record', () => {
  const context = { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: 1 }
  function sources(active?: typeof context): LogRecordSources {
    return {
      clock: createManualClock(1_000),
      resource: { 'service.name': 's' },
      activeSpanContext: () => active,
    }
  }

  it('logInputOf maps the level to its severity and keeps the attributes', () => {
    const reported: TelemetryError[] = []
    expect(logInputOf('warn', 'm', { a: 1 }, (e) => reported.push(e))).toEqual({
      severityNumber: 13,
      severityText: 'WARN',
      body: 'm',
      attributes: { a: 1 },
    })
    expect(logInputOf('info', 'm', undefined, (e) => reported.push(e))).not.toHaveProperty('attributes')
    expect(reported).toEqual([])
  })

  it('logInputOf reports an unknown level and logs it as info, and throws on an unreadable message', () => {
    const reported: TelemetryError[] = []
    const input = logInputOf('loud' as never, 42 as never, undefined, (e) => reported.push(e))
    expect(input).toMatchObject({ severityNumber: 9, severityText: 'INFO', body: '42' })
    expect(reported.map((e) => e.message)).toEqual(['log: unknown level loud'])
    const hostile = {
      toString() {
        throw new Error('no string')
      },
    }
    expect(() => logInputOf('info', hostile as never, undefined, () => {})).toThrow('no string')
  })

  it('buildLogRecord stamps time, span ids, resource, scope and correlation ID, without touching the input', () => {
    const attributes = { k: 'v' }
    const record = withCorrelationId('c-9', () =>
      buildLogRecord({ body: 'b', attributes, scope: 'pino' }, sources(context), new Map()),
    )
    expect(record).toEqual({
      time: 1_000,
      observedTime: 1_000,
      severityNumber: 9,
      severityText: 'INFO',
      body: 'b',
      attributes: { k: 'v', correlation_id: 'c-9' },
      traceId: context.traceId,
      spanId: context.spanId,
      traceFlags: 1,
      resource: { 'service.name': 's' },
      instrumentationScope: { name: 'pino' },
    })
    expect(attributes).toEqual({ k: 'v' })
  })

  it('buildLogRecord keeps a given time, severity and correlation ID, and falls back on bad ones', () => {
    const keep = withCorrelationId('ambient', () =>
      buildLogRecord(
        { body: 'b', time: 5, severityNumber: 17.7, attributes: { correlation_id: 'own' } },
        sources(),
        new Map(),
      ),
    )
    expect(keep).toMatchObject({ time: 5, severityNumber: 17, severityText: 'ERROR' })
    expect(keep.attributes).toEqual({ correlation_id: 'own' })
    expect(keep).not.toHaveProperty('traceId')
    expect(keep.instrumentationScope).toEqual({ name: '@foundation-telemetry/core' })
    const fallback = buildLogRecord({ body: 'b', time: Number.NaN, severityNumber: 99 }, sources(), new Map())
    expect(fallback).toMatchObject({ time: 1_000, severityNumber: 9, severityText: 'INFO' })
  })

  it('internScope shares one scope object per name while there is room, then makes fresh ones', () => {
    const scopes = new Map<string, { name: string }>()
    expect(internScope(scopes, 'a')).toBe(internScope(scopes, 'a'))
    for (let i = 0; i < 100; i++) internScope(scopes, `s${i}`)
    expect(scopes.size).toBe(64)
    const late = internScope(scopes, 'late')
    expect(late).toEqual({ name: 'late' })
    expect(internScope(scopes, 'late')).not.toBe(late)
  })

  it('traceFieldsOf writes the ids, the flags as two hex digits and the correlation ID, leaving out absent ones', () => {
    expect(traceFieldsOf(undefined, undefined)).toEqual({})
    expect(traceFieldsOf(undefined, 'c')).toEqual({ correlation_id: 'c' })
    expect(traceFieldsOf({ ...context, traceFlags: 0 }, undefined)).toEqual({
      trace_id: context.traceId,
      span_id: context.spanId,
      trace_flags: '00',
    })
  })
})
