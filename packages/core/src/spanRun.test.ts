import { describe, expect, it } from 'vitest'
import { createManualClock } from './manualClock.ts'
import { SpanRun } from './spanRun.ts'
import { createTracer } from './tracer.ts'
import { type Measurements, type Metadata, SpanStatusCode } from './types.ts'

function setup(listening = true) {
  const clock = createManualClock()
  const tracer = createTracer({ clock, resource: {}, sampler: undefined, report: () => {} })
  const events: Array<[string, Measurements, Metadata]> = []
  const deps = {
    clock,
    hasHandlers: () => listening,
    execute: (event: string, m: Measurements, md: Metadata) => events.push([event, m, md]),
  }
  const span = tracer.startSpan('work')
  const run = new SpanRun(
    deps,
    span,
    { job: 'a' },
    { start: 'w.start', stop: 'w.stop', exception: 'w.exception' },
  )
  return { clock, span, run, events }
}

describe('SpanRun', () => {
  it('ok emits the stop event with the duration and trace ids, then ends the span', () => {
    const { clock, span, run, events } = setup()
    clock.advance(5)
    run.ok()
    expect(events).toHaveLength(1)
    const [name, m, md] = events[0]!
    expect(name).toBe('w.stop')
    expect(m.duration).toBe(5)
    expect(md).toMatchObject({
      job: 'a',
      trace_id: span.spanContext().traceId,
      span_id: span.spanContext().spanId,
    })
    expect(span.ended).toBe(true)
  })

  it('settles once: a fail after ok (or a second ok) does nothing', () => {
    const { run, events, span } = setup()
    run.ok()
    run.fail(new Error('late'))
    run.ok()
    expect(events.map((e) => e[0])).toEqual(['w.stop'])
    expect(span.status.code).toBe(SpanStatusCode.UNSET)
  })

  it('fail marks the span as an error and emits the exception event with the reason', () => {
    const { run, events, span } = setup()
    run.fail(new Error('boom'))
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'boom' })
    expect(events[0]?.[0]).toBe('w.exception')
    expect(events[0]?.[2]).toMatchObject({ reason: 'boom' })
  })

  it('emits nothing when nobody listens, and still ends the span', () => {
    const { run, events, span } = setup(false)
    run.ok()
    expect(events).toEqual([])
    expect(span.ended).toBe(true)
  })
})
