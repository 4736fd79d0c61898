import { describe, expect, it } from 'vitest'
import { withCorrelationId } from '../correlation.ts'
import { createTelemetry } from '../telemetry.ts'
import type { HttpInstrumentationContext, InstrumentHttpOptions } from './options.ts'
import { writeOutgoingHeaders } from './outgoingHeaders.ts'

/** A request's headers as a map, an instrumentation context over `options`, and what it reported. */
function setup(options: InstrumentHttpOptions = {}, existing: Record<string, string> = {}) {
  const t = createTelemetry({ env: {} })
  const failures: string[] = []
  const context: HttpInstrumentationContext = {
    telemetry: t,
    options,
    serverDuration: () => t.metrics.histogram('unused'),
    histogram: (name) => t.metrics.histogram(name),
    fail: (where) => failures.push(where),
  }
  const headers = new Map(Object.entries(existing))
  const access = {
    header: (name: string) => headers.get(name),
    set: (name: string, value: string) => headers.set(name, value),
    replaces: true,
  }
  return { t, context, headers, access, failures, span: t.startSpan('GET') }
}

describe('writeOutgoingHeaders', () => {
  it('writes the span as traceparent and the current correlation ID as X-Correlation-ID and baggage', () => {
    const { context, headers, access, span } = setup()
    withCorrelationId('order-7', () => writeOutgoingHeaders(context, 'http client', span, undefined, access))
    expect(headers.get('traceparent')).toContain(span.spanContext().spanId)
    expect(headers.get('x-correlation-id')).toBe('order-7')
    expect(headers.get('baggage')).toBe('correlation_id=order-7')
  })

  it('leaves a traceparent the request brings, and writes none when propagation is off', () => {
    const brought = setup({}, { traceparent: 'given' })
    writeOutgoingHeaders(brought.context, 'fetch', brought.span, 'given', brought.access)
    expect(brought.headers.get('traceparent')).toBe('given')
    const off = setup({ propagate: false })
    writeOutgoingHeaders(off.context, 'fetch', off.span, undefined, off.access)
    expect(off.headers.has('traceparent')).toBe(false)
  })

  it('writes no correlation headers when correlation is off', () => {
    const { context, headers, access, span } = setup({ correlation: false })
    withCorrelationId('order-7', () => writeOutgoingHeaders(context, 'fetch', span, undefined, access))
    expect(headers.has('x-correlation-id')).toBe(false)
    expect(headers.has('baggage')).toBe(false)
  })

  it('adds only the new baggage member next to an existing baggage header when headers are added, not replaced', () => {
    const { context, access, span } = setup({}, { baggage: 'tenant=a' })
    const added: Array<[string, string]> = []
    const adding = {
      ...access,
      set: (name: string, value: string) => added.push([name, value]),
      replaces: false,
    }
    withCorrelationId('order-7', () => writeOutgoingHeaders(context, 'fetch', span, 'given', adding))
    expect(added).toContainEqual(['baggage', 'correlation_id=order-7'])
  })

  it('a header that cannot be written is reported with the request kind named, never thrown', () => {
    const { t, context, access, failures, span } = setup()
    const throwing = {
      ...access,
      set: () => {
        throw new Error('headers already sent')
      },
    }
    const injected = { ...context, telemetry: { ...t, inject: () => throwing.set() } }
    expect(() =>
      withCorrelationId('order-7', () =>
        writeOutgoingHeaders(injected as HttpInstrumentationContext, 'fetch', span, undefined, throwing),
      ),
    ).not.toThrow()
    expect(failures).toEqual([
      'fetch: traceparent could not be written',
      'fetch: the correlation ID could not be written',
    ])
  })
})
