/**
 * Real pino and winston writing through the bridges inside spans: their own output carries the
 * span's ids and the correlation ID, and with `emit: true` the telemetry's log processors get the
 * same records as OpenTelemetry logs.
 */
import { Writable } from 'node:stream'
import { createTelemetry, type LogRecord } from '@foundation-telemetry/core'
import pino from 'pino'
import { describe, expect, it } from 'vitest'
import winston from 'winston'
import { pinoTelemetry } from '../src/pino.ts'
import { winstonTelemetry } from '../src/winston.ts'

function setup() {
  const t = createTelemetry({ service: 'bridges' })
  const records: LogRecord[] = []
  t.addLogProcessor({ onEmit: (r) => records.push(r), forceFlush: async () => {}, shutdown: async () => {} })
  const lines: Array<Record<string, unknown>> = []
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line))
      done()
    },
  })
  return { t, records, lines, sink }
}

describe('pino bridge', () => {
  it('writes the span ids and correlation ID into every line written inside a span', () => {
    const { t, lines, sink } = setup()
    const logger = pino(pinoTelemetry(t), sink)
    const ids = t.withCorrelationId('corr-p', () =>
      t.span('app.plan', {}, (span) => {
        logger.info({ step: 3 }, 'planning')
        return span.spanContext()
      }),
    )
    logger.info('outside')
    expect(lines[0]).toMatchObject({
      msg: 'planning',
      step: 3,
      trace_id: ids.traceId,
      span_id: ids.spanId,
      trace_flags: '01',
      correlation_id: 'corr-p',
    })
    expect(lines[1]?.trace_id).toBeUndefined()
  })

  it('with emit, hands each call to the log processors with severity, body and attributes', () => {
    const { t, records, lines, sink } = setup()
    const logger = pino({ ...pinoTelemetry(t, { emit: true }), level: 'debug' }, sink)
    t.span('app.plan', {}, () => {
      logger.warn({ upstream: 'search', nested: { a: 1 } }, 'slow upstream')
      logger.error(new Error('boom'))
      logger.debug('details')
    })
    expect(lines).toHaveLength(3)
    expect(records.map((r) => [r.severityNumber, r.severityText, r.body])).toEqual([
      [13, 'WARN', 'slow upstream'],
      [17, 'ERROR', 'boom'],
      [5, 'DEBUG', 'details'],
    ])
    expect(records[0]?.attributes).toMatchObject({ upstream: 'search', nested: '{"a":1}' })
    expect(records[0]?.traceId).toBe(lines[0]?.trace_id)
    expect(records[0]?.instrumentationScope.name).toBe('pino')
  })
})

describe('winston bridge', () => {
  it('adds the span ids and correlation ID, and with emit sends the record as a log', () => {
    const { t, records, lines, sink } = setup()
    const logger = winston.createLogger({
      level: 'debug',
      format: winston.format.combine(winstonTelemetry(t, { emit: true }), winston.format.json()),
      transports: [new winston.transports.Stream({ stream: sink })],
    })
    const ids = t.withCorrelationId('corr-w', () =>
      t.span('app.plan', {}, (span) => {
        logger.info('planning', { step: 4 })
        logger.error('failed', { code: 'E42' })
        return span.spanContext()
      }),
    )
    expect(lines[0]).toMatchObject({
      message: 'planning',
      step: 4,
      trace_id: ids.traceId,
      span_id: ids.spanId,
      correlation_id: 'corr-w',
    })
    expect(records.map((r) => [r.severityNumber, r.body])).toEqual([
      [9, 'planning'],
      [17, 'failed'],
    ])
    expect(records[1]?.attributes).toMatchObject({ code: 'E42', trace_id: ids.traceId })
    expect(records[1]?.spanId).toBe(ids.spanId)
  })
})
