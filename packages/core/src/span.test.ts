import { describe, expect, it } from 'vitest'
import { systemClock } from './clock.ts'
import { createManualClock } from './manualClock.ts'
import { attributesFrom, SPAN_ATTRIBUTE_LIMIT, SPAN_EVENT_LIMIT, SPAN_LINK_LIMIT } from './span.ts'
import { createTelemetry } from './telemetry.ts'
import type { ReadableSpan, Span, SpanContext, SpanProcessor, SpanSampler } from './types.ts'

function recorder() {
  const started: Array<{ span: Span; parent: SpanContext | undefined }> = []
  const ended: ReadableSpan[] = []
  let flushes = 0
  let shutdowns = 0
  const processor: SpanProcessor = {
    onStart: (span, parent) => started.push({ span, parent }),
    onEnd: (span) => ended.push(span),
    forceFlush: async () => {
      flushes++
    },
    shutdown: async () => {
      shutdowns++
    },
  }
  return { processor, started, ended, counts: () => ({ flushes, shutdowns }) }
}

describe('startSpan', () => {
  it('creates a root span with W3C ids and reports it to processors on start and end', () => {
    const clock = createManualClock()
    const t = createTelemetry({ clock, env: {}, service: 'svc' })
    const r = recorder()
    t.addSpanProcessor(r.processor)
    const span = t.startSpan('work', { kind: 2, attributes: { 'a.b': 1 } })
    const ctx = span.spanContext()
    expect(ctx.traceId).toMatch(/^[0-9a-f]{32}$/)
    expect(ctx.spanId).toMatch(/^[0-9a-f]{16}$/)
    expect(ctx.traceFlags).toBe(1)
    expect(r.started).toEqual([{ span, parent: undefined }])
    clock.advance(25)
    span.end()
    span.end()
    expect(r.ended).toHaveLength(1)
    const done = r.ended[0] as ReadableSpan
    expect(done).toMatchObject({
      name: 'work',
      kind: 2,
      spanContext: ctx,
      startTime: clock.now() - 25,
      endTime: clock.now(),
      duration: 25,
      attributes: { 'a.b': 1 },
      status: { code: 0 },
      instrumentationScope: { name: '@foundation-telemetry/core' },
    })
    expect(done.parentSpanId).toBeUndefined()
    expect(done.resource['service.name']).toBe('svc')
    expect(Object.keys(done)).not.toContain('parentSpanId')
  })

  it('the ended record never changes: later calls on the span are ignored', () => {
    const t = createTelemetry({ env: {} })
    const r = recorder()
    t.addSpanProcessor(r.processor)
    const span = t.startSpan('work', { attributes: { a: 1 } })
    span.addEvent('first')
    span.end()
    const done = r.ended[0] as ReadableSpan
    const before = structuredClone(done)
    span.setAttribute('a', 2).setAttributes({ b: 3 }).addEvent('late').updateName('renamed')
    span.addLink({ context: span.spanContext() }).setStatus({ code: 2, message: 'late' })
    span.recordException(new Error('late'))
    span.end()
    expect(done).toEqual(before)
    expect(r.ended).toHaveLength(1)
  })

  it('takes the start wall time from the same instant as the start monotonic time', () => {
    const t = createTelemetry({ env: {} })
    const r = recorder()
    t.addSpanProcessor(r.processor)
    const before = systemClock.now()
    t.startSpan('work').end()
    const after = systemClock.now()
    const done = r.ended[0] as ReadableSpan
    expect(done.startTime).toBeGreaterThanOrEqual(before)
    expect(done.startTime).toBeLessThanOrEqual(after)
    expect(done.endTime).toBe(done.startTime + done.duration)
  })

  it('a span given a start time in the past lasts from then until it ends', () => {
    const manual = createManualClock()
    const cases = [
      { clock: manual, advance: (ms: number) => manual.advance(ms), atLeast: 6_000 },
      { clock: systemClock, advance: () => {}, atLeast: 5_000 },
    ]
    for (const { clock, advance, atLeast } of cases) {
      const t = createTelemetry({ clock, env: {} })
      const r = recorder()
      t.addSpanProcessor(r.processor)
      const startTime = clock.now() - 5_000
      const span = t.startSpan('backdated', { startTime })
      advance(1_000)
      const before = clock.now()
      span.end()
      const done = r.ended[0] as ReadableSpan
      expect(done.startTime).toBe(startTime)
      expect(done.endTime).toBeGreaterThanOrEqual(before)
      expect(done.duration).toBe(done.endTime - startTime)
      expect(done.duration).toBeGreaterThanOrEqual(atLeast)
    }
  })

  it('makes children of the active span and of an explicit parent', () => {
    const t = createTelemetry({ env: {} })
    const root = t.startSpan('root')
    const child = t.withContext(root, () => t.startSpan('child'))
    const r = recorder()
    t.addSpanProcessor(r.processor)
    const explicit = t.startSpan('explicit', { parent: child.spanContext() })
    explicit.end()
    child.end()
    expect(child.spanContext().traceId).toBe(root.spanContext().traceId)
    expect(r.ended.find((s) => s.name === 'child')?.parentSpanId).toBe(root.spanContext().spanId)
    expect(r.ended.find((s) => s.name === 'explicit')?.parentSpanId).toBe(child.spanContext().spanId)
    const fresh = t.withContext(root, () => t.startSpan('fresh', { parent: null }))
    expect(fresh.spanContext().traceId).not.toBe(root.spanContext().traceId)
  })

  it('asks the sampler for roots only; children and remote children follow the parent flag', () => {
    const asked: string[] = []
    const sampler: SpanSampler = {
      shouldSample: ({ name }) => {
        asked.push(name)
        return { sampled: name !== 'dropped', attributes: { 'sampler.rule': 'test' }, traceState: 'smp=1' }
      },
    }
    const t = createTelemetry({ env: {}, sampler })
    const r = recorder()
    t.addSpanProcessor(r.processor)
    const kept = t.startSpan('kept')
    const dropped = t.startSpan('dropped')
    const droppedChild = t.startSpan('dropped.child', { parent: dropped })
    const remote = t.startSpan('remote.child', {
      parent: {
        traceId: '0af7651916cd43dd8448eb211c80319c',
        spanId: 'b7ad6b7169203331',
        traceFlags: 0,
        isRemote: true,
      },
    })
    for (const s of [kept, dropped, droppedChild, remote]) s.end()
    expect(asked).toEqual(['kept', 'dropped'])
    expect(r.ended.map((s) => s.name)).toEqual(['kept'])
    expect(r.ended[0]?.attributes['sampler.rule']).toBe('test')
    expect(kept.spanContext().traceState).toBe('smp=1')
    expect(droppedChild.spanContext().traceFlags).toBe(0)
    expect(remote.spanContext().traceFlags).toBe(0)
  })

  it('gives the sampler the start attributes, or an empty object of its own', () => {
    const seen: Array<Record<string, unknown>> = []
    const t = createTelemetry({
      env: {},
      sampler: {
        shouldSample: ({ attributes }) => {
          seen.push(attributes)
          attributes['sampler.touched'] = true
          return { sampled: true }
        },
      },
    })
    t.startSpan('bare')
    t.startSpan('bare')
    t.startSpan('with', { attributes: { 'a.b': 1 } })
    expect(seen[0]).toEqual({ 'sampler.touched': true })
    expect(seen[0]).not.toBe(seen[1])
    expect(seen[2]).toMatchObject({ 'a.b': 1 })
  })

  it('a throwing sampler is reported and the span is kept', () => {
    const t = createTelemetry({
      env: {},
      sampler: {
        shouldSample: () => {
          throw new Error('sampler bug')
        },
      },
    })
    expect(t.startSpan('x').spanContext().traceFlags).toBe(1)
    expect(t.stats().handler_failure).toBe(1)
  })

  it('records attributes, events, links and status, within limits', () => {
    const t = createTelemetry({ env: {} })
    const r = recorder()
    t.addSpanProcessor(r.processor)
    const span = t.startSpan('limits')
    for (let i = 0; i < SPAN_ATTRIBUTE_LIMIT + 5; i++) span.setAttribute(`k${i}`, i)
    span.setAttribute('k0', 'overwritten')
    for (let i = 0; i < SPAN_EVENT_LIMIT + 3; i++) span.addEvent(`e${i}`, { i })
    for (let i = 0; i < SPAN_LINK_LIMIT + 2; i++) span.addLink({ context: span.spanContext() })
    span.setStatus({ code: 2, message: 'bad' })
    span.setStatus({ code: 0 })
    span.updateName('renamed')
    span.end()
    span.setAttribute('late', 1)
    const done = r.ended[0] as ReadableSpan
    expect(Object.keys(done.attributes)).toHaveLength(SPAN_ATTRIBUTE_LIMIT)
    expect(done.attributes.k0).toBe('overwritten')
    expect(done.droppedAttributesCount).toBe(5)
    expect(done.events).toHaveLength(SPAN_EVENT_LIMIT)
    expect(done.droppedEventsCount).toBe(3)
    expect(done.links).toHaveLength(SPAN_LINK_LIMIT)
    expect(done.droppedLinksCount).toBe(2)
    expect(done.status).toEqual({ code: 2, message: 'bad' })
    expect(done.name).toBe('renamed')
    expect(done.attributes.late).toBeUndefined()
    expect(span.isRecording()).toBe(false)
  })

  it('counts each kind of drop on its own, and a span that drops nothing reports zeros', () => {
    const t = createTelemetry({ env: {} })
    const r = recorder()
    t.addSpanProcessor(r.processor)
    const quiet = t.startSpan('quiet')
    quiet.setAttribute('a', 1)
    quiet.end()
    const noisy = t.startSpan('noisy')
    for (let i = 0; i < SPAN_LINK_LIMIT + 4; i++) noisy.addLink({ context: noisy.spanContext() })
    noisy.end()
    const [quietDone, noisyDone] = r.ended as [ReadableSpan, ReadableSpan]
    expect(quietDone).toMatchObject({
      droppedAttributesCount: 0,
      droppedEventsCount: 0,
      droppedLinksCount: 0,
    })
    expect(noisyDone).toMatchObject({
      droppedAttributesCount: 0,
      droppedEventsCount: 0,
      droppedLinksCount: 4,
    })
    expect(Object.keys(noisyDone)).toEqual(Object.keys(quietDone))
  })

  it('OK status is final', () => {
    const t = createTelemetry({ env: {} })
    const span = t.startSpan('s')
    span.setStatus({ code: 1 })
    span.setStatus({ code: 2, message: 'later' })
    const r = recorder()
    t.addSpanProcessor(r.processor)
    span.end()
    expect(r.ended[0]?.status).toEqual({ code: 1 })
  })

  it('recordException adds an exception event with a bounded stack', () => {
    const t = createTelemetry({ env: {} })
    const r = recorder()
    t.addSpanProcessor(r.processor)
    const span = t.startSpan('s')
    const error = new TypeError('nope')
    error.stack = [
      'TypeError: nope',
      ...Array.from({ length: 100 }, (_, i) => `    at f${i} (file.js:${i}:1)`),
    ].join('\n')
    span.recordException(error)
    span.end()
    const event = r.ended[0]?.events[0]
    expect(event?.name).toBe('exception')
    expect(event?.attributes['exception.type']).toBe('TypeError')
    expect(event?.attributes['exception.message']).toBe('nope')
    expect(String(event?.attributes['exception.stacktrace']).split('\n')).toHaveLength(21)
  })

  it('reports invalid attribute values instead of storing them', () => {
    const t = createTelemetry({ env: {} })
    const span = t.startSpan('s')
    span.setAttribute('obj', { a: 1 } as never)
    span.setAttribute('mixed', [1, 'a'] as never)
    expect(t.stats().invalid_input).toBe(2)
  })

  it('a processor that throws is reported, never propagated', () => {
    const t = createTelemetry({ env: {} })
    const r = recorder()
    t.addSpanProcessor({
      onStart: () => {
        throw new Error('start')
      },
      onEnd: () => {
        throw new Error('end')
      },
      forceFlush: () => Promise.reject(new Error('flush')),
      shutdown: async () => {},
    })
    t.addSpanProcessor(r.processor)
    expect(() => t.startSpan('s').end()).not.toThrow()
    expect(r.ended).toHaveLength(1)
    expect(t.stats().export_failure).toBe(2)
    return t.forceFlush().then(() => expect(t.stats().export_failure).toBe(3))
  })

  it('an async processor that rejects is reported, not left as an unhandled rejection', async () => {
    const reports: string[] = []
    let bothReported: () => void = () => {}
    const done = new Promise<void>((resolve) => {
      bothReported = resolve
    })
    const t = createTelemetry({
      env: {},
      onError: (error) => {
        reports.push(String(error.details.phase))
        if (reports.length === 2) bothReported()
      },
    })
    t.addSpanProcessor({
      onStart: async () => {
        throw new Error('start')
      },
      onEnd: async () => {
        throw new Error('end')
      },
      forceFlush: async () => {},
      shutdown: async () => {},
    })
    t.startSpan('s').end()
    await done
    expect(reports.sort()).toEqual(['onEnd', 'onStart'])
    expect(t.stats().export_failure).toBe(2)
  })

  it('addSpanProcessor returns a remover; shutdown flushes and shuts every processor down once', async () => {
    const t = createTelemetry({ env: {} })
    const a = recorder()
    const b = recorder()
    const removeA = t.addSpanProcessor(a.processor)
    t.addSpanProcessor(b.processor)
    removeA()
    t.startSpan('s').end()
    expect(a.ended).toHaveLength(0)
    expect(b.ended).toHaveLength(1)
    await t.forceFlush()
    await Promise.all([t.shutdown(), t.shutdown()])
    expect(b.counts()).toEqual({ flushes: 2, shutdowns: 1 })
    expect(a.counts()).toEqual({ flushes: 0, shutdowns: 0 })
  })

  it('recordsSpans says whether a span processor is registered', async () => {
    const t = createTelemetry({ env: {} })
    expect(t.recordsSpans()).toBe(false)
    const remove = t.addSpanProcessor(recorder().processor)
    expect(t.recordsSpans()).toBe(true)
    remove()
    expect(t.recordsSpans()).toBe(false)
    t.addSpanProcessor(recorder().processor)
    await t.shutdown()
    expect(t.recordsSpans()).toBe(false)
  })

  it('rejects a processor without onStart/onEnd', () => {
    const t = createTelemetry({ env: {} })
    t.addSpanProcessor({} as never)
    expect(t.stats().invalid_input).toBe(1)
  })
})

describe('attributesFrom', () => {
  it('keeps the values a span can carry (primitives, homogeneous arrays) and nothing else', () => {
    const values = { s: 'a', n: 1, b: false, list: ['x', 'y'], mixed: ['x', 1], object: { a: 1 }, none: null }
    expect(attributesFrom(values)).toEqual({ s: 'a', n: 1, b: false, list: ['x', 'y'] })
  })

  it('is undefined when nothing can be carried', () => {
    expect(attributesFrom({})).toBeUndefined()
    expect(attributesFrom({ object: {}, fn: () => {} })).toBeUndefined()
  })

  it('keeps what it read before an entry that cannot be read, and never throws', () => {
    const values = {
      first: 1,
      get second(): never {
        throw new Error('getter')
      },
    }
    expect(attributesFrom(values)).toEqual({ first: 1 })
    expect(
      attributesFrom(
        new Proxy(
          {},
          {
            ownKeys: () => {
              throw new Error('trap')
            },
          },
        ),
      ),
    ).toBeUndefined()
  })
})
