import { SpanKind } from '@opentelemetry/api'
import { describe, expect, it } from 'vitest'
import { trappingObject } from '../../../tooling/testing/hostile.ts'
import { recordEndedSpans } from '../test/spans.ts'
import type { TelemetryError } from './errors.ts'
import { createManualClock } from './manualClock.ts'
import { snapshotMetadata } from './spanApi.ts'
import { createTelemetry } from './telemetry.ts'
import type { Measurements, Metadata } from './types.ts'

type Emitted = { event: string; measurements: Measurements; metadata: Metadata }

function setup() {
  const clock = createManualClock()
  const t = createTelemetry({ clock, env: {}, enrich: false })
  const emitted: Emitted[] = []
  t.attach('all', 'work.*', (event, measurements, metadata) =>
    emitted.push({ event, measurements, metadata }),
  )
  const ended = recordEndedSpans(t)
  return { t, clock, emitted, ended }
}

describe('t.span', () => {
  it('emits start and stop around a sync fn and returns its result', () => {
    const { t, clock, emitted, ended } = setup()
    const result = t.span('work', { job: 'a' }, (span) => {
      clock.advance(12.5)
      span.setAttribute('rows', 3)
      return 'done'
    })
    expect(result).toBe('done')
    expect(emitted.map((e) => e.event)).toEqual(['work.start', 'work.stop'])
    const [start, stop] = emitted as [Emitted, Emitted]
    expect(start.measurements).toEqual({ monotonic_time: 0, system_time: Date.UTC(2026, 0, 1) })
    expect(stop.measurements).toEqual({ duration: 12.5, monotonic_time: 12.5 })
    const ctx = ended[0]?.spanContext
    expect(start.metadata).toEqual({ job: 'a', trace_id: ctx?.traceId, span_id: ctx?.spanId })
    expect(stop.metadata).toEqual({ job: 'a', rows: 3, trace_id: ctx?.traceId, span_id: ctx?.spanId })
    expect(start.metadata.parent_span_id).toBeUndefined()
  })

  it('handles async fns: the span is active across awaits and stop waits for the promise', async () => {
    const { t, clock, emitted } = setup()
    let inside: string | undefined
    const promise = t.span('work', {}, async (span) => {
      await Promise.resolve()
      inside = t.activeSpan()?.spanContext().spanId
      clock.advance(40)
      return span.spanContext().spanId
    })
    expect(emitted.map((e) => e.event)).toEqual(['work.start'])
    const spanId = await promise
    expect(inside).toBe(spanId)
    expect(emitted[1]?.measurements.duration).toBe(40)
    expect(t.activeSpan()).toBeUndefined()
  })

  it('nests: a child span carries parent_span_id', () => {
    const { t, emitted } = setup()
    t.span('work', {}, () => t.span('work.inner', {}, () => undefined))
    const outer = emitted.find((e) => e.event === 'work.start')?.metadata
    const inner = emitted.find((e) => e.event === 'work.inner.start')?.metadata
    expect(inner?.parent_span_id).toBe(outer?.span_id)
    expect(inner?.trace_id).toBe(outer?.trace_id)
  })

  it('emits exception with kind, reason and a bounded stack, and rethrows the same error (sync)', () => {
    const { t, emitted, ended } = setup()
    const error = new RangeError('out of range')
    let caught: unknown
    try {
      t.span('work', { job: 'b' }, () => {
        throw error
      })
    } catch (e) {
      caught = e
    }
    expect(caught).toBe(error)
    expect(emitted.map((e) => e.event)).toEqual(['work.start', 'work.exception'])
    const meta = emitted[1]?.metadata
    expect(meta).toMatchObject({ job: 'b', kind: 'RangeError', reason: 'out of range', error })
    expect(String(meta?.stacktrace)).toContain('RangeError: out of range')
    expect(String(meta?.stacktrace).length).toBeLessThanOrEqual(4096)
    expect(emitted[1]?.measurements).toHaveProperty('duration')
    expect(ended[0]?.status).toEqual({ code: 2, message: 'out of range' })
    expect(ended[0]?.events[0]?.name).toBe('exception')
  })

  it('rethrows the same error from a rejected promise', async () => {
    const { t, emitted } = setup()
    const error = new Error('async boom')
    await expect(
      t.span('work', {}, async () => {
        await Promise.resolve()
        throw error
      }),
    ).rejects.toBe(error)
    expect(emitted.map((e) => e.event)).toEqual(['work.start', 'work.exception'])
  })

  it('describes thrown non-errors', () => {
    const { t, emitted } = setup()
    expect(() =>
      t.span('work', {}, () => {
        throw 'a string'
      }),
    ).toThrow()
    expect(emitted[1]?.metadata).toMatchObject({ kind: 'string', reason: 'a string' })
  })

  it('with no handlers still creates a real span for processors', () => {
    const clock = createManualClock()
    const t = createTelemetry({ clock, env: {} })
    const ended = recordEndedSpans(t)
    t.span('quiet', { n: 1, obj: { nested: true } }, () => clock.advance(5))
    expect(ended).toHaveLength(1)
    expect(ended[0]?.attributes).toEqual({ n: 1 })
    expect(ended[0]?.duration).toBe(5)
  })

  it('snapshots the metadata and survives a hostile metadata object', () => {
    const { t, emitted } = setup()
    const metadata: Metadata = { job: 'a' }
    t.span('work', metadata, () => {
      metadata.job = 'changed'
    })
    expect(emitted.map((e) => e.metadata.job)).toEqual(['a', 'a'])
    const hostile = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error('hostile')
        },
      },
    )
    expect(t.span('work', hostile, () => 'ran')).toBe('ran')
    expect(t.stats().invalid_input).toBe(1)
  })

  it('runs fn with an internal span when the options cannot be read, and reports it', () => {
    const { t, ended } = setup()
    expect(t.span('work', undefined, () => 'ran', trappingObject as never)).toBe('ran')
    expect(t.span('work', undefined, () => 'ran', 'server' as never)).toBe('ran')
    expect(ended.map((span) => span.kind)).toEqual([SpanKind.INTERNAL, SpanKind.INTERNAL])
    expect(t.stats().invalid_input).toBe(1)
  })

  it('ends the span when the result has a throwing then getter, and does not throw', () => {
    const { t, emitted, ended } = setup()
    const odd = {
      // biome-ignore lint/suspicious/noThenProperty: a hostile thenable is the subject
      get then(): unknown {
        throw new Error('then getter')
      },
    }
    expect(t.span('work', {}, () => odd)).toBe(odd)
    expect(emitted.map((e) => e.event)).toEqual(['work.start', 'work.stop'])
    expect(ended).toHaveLength(1)
  })

  it("ends the span once when the result's then method throws, and rejects with that error", async () => {
    const { t, emitted, ended } = setup()
    const broken = new Error('then method')
    const odd = {
      // biome-ignore lint/suspicious/noThenProperty: a hostile thenable is the subject
      then(): unknown {
        throw broken
      },
    }
    await expect(t.span('work', {}, () => odd)).rejects.toBe(broken)
    expect(emitted.map((e) => e.event)).toEqual(['work.start', 'work.exception'])
    expect(ended).toHaveLength(1)
    expect(ended[0]?.status.code).toBe(2)
  })

  it('gives the caller a promise of the value when the result is a thenable whose then returns nothing', async () => {
    const { t, emitted } = setup()
    const sloppy = {
      // biome-ignore lint/suspicious/noThenProperty: a thenable that is not a promise is the subject
      then(onFulfilled: (value: string) => unknown): void {
        onFulfilled('later')
      },
    }
    await expect(t.span('work', {}, () => sloppy)).resolves.toBe('later')
    expect(emitted.map((e) => e.event)).toEqual(['work.start', 'work.stop'])
  })

  it('settles once, with the first outcome, when a thenable calls back twice or throws after calling back', async () => {
    const { t, emitted, ended } = setup()
    const twice = {
      // biome-ignore lint/suspicious/noThenProperty: a hostile thenable is the subject
      then(onFulfilled: (value: number) => unknown, onRejected: (error: unknown) => unknown): unknown {
        onFulfilled(1)
        onFulfilled(2)
        onRejected(new Error('late'))
        throw new Error('after calling back')
      },
    }
    await expect(t.span('work', {}, () => twice)).resolves.toBe(1)
    expect(emitted.map((e) => e.event)).toEqual(['work.start', 'work.stop'])
    expect(ended).toHaveLength(1)
  })

  it('bad input never throws: no fn, bad event name, bad metadata', () => {
    const { t } = setup()
    expect(t.span('work', {}, undefined as never)).toBeUndefined()
    expect(t.span('' as string, {}, () => 7)).toBe(7)
    expect(t.span('work', 'meta' as never, () => 8)).toBe(8)
    expect(t.stats().invalid_input).toBe(3)
  })

  it('the stop event and the ended span agree on the duration, on the real clock too', async () => {
    const t = createTelemetry({ env: {}, enrich: false })
    const events: Array<{ event: string; measurements: Measurements }> = []
    t.attach('all', 'work.*', (event, measurements) => events.push({ event, measurements }))
    const ended = recordEndedSpans(t)
    t.span('work', {}, () => 'sync')
    await t.span('work', {}, async () => 'async')
    expect(() =>
      t.span('work', {}, () => {
        throw new Error('boom')
      }),
    ).toThrow('boom')
    const ends = events.filter((e) => e.event !== 'work.start')
    expect(ends.map((e) => e.event)).toEqual(['work.stop', 'work.stop', 'work.exception'])
    expect(ends.map((e) => e.measurements.duration)).toEqual(ended.map((s) => s.duration))
    const starts = events.filter((e) => e.event === 'work.start').map((e) => e.measurements.monotonic_time)
    expect(ends.map((e) => (e.measurements.monotonic_time ?? 0) - (e.measurements.duration ?? 0))).toEqual(
      starts,
    )
  })
})

describe('snapshotMetadata', () => {
  it("copies the metadata, so later changes to the caller's object do not show", () => {
    const errors: TelemetryError[] = []
    const metadata: Metadata = { job: 'a' }
    const copy = snapshotMetadata('work', metadata, (e) => errors.push(e))
    metadata.job = 'b'
    expect(copy).toEqual({ job: 'a' })
    expect(copy).not.toBe(metadata)
    expect(errors).toEqual([])
  })

  it('reports a non-object and an unreadable object with the api and event, and gives {}', () => {
    const errors: TelemetryError[] = []
    const hostile = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error('hostile')
        },
      },
    )
    expect(snapshotMetadata('work', 'meta', (e) => errors.push(e))).toEqual({})
    expect(snapshotMetadata('work', hostile, (e) => errors.push(e))).toEqual({})
    expect(errors.map((e) => e.message)).toEqual([
      'span: metadata must be an object',
      'span: metadata could not be read',
    ])
    expect(errors[0]?.details).toEqual({ api: 'span', event_name: 'work' })
    expect(errors[1]?.details).toMatchObject({ api: 'span', event_name: 'work' })
    expect(errors[1]?.details?.error).toEqual(new Error('hostile'))
  })
  it('keeps the error key even when the thrown value is undefined', () => {
    const errors: TelemetryError[] = []
    const hostile = new Proxy(
      {},
      {
        ownKeys: () => {
          throw undefined
        },
      },
    )
    snapshotMetadata('work', hostile, (e) => errors.push(e))
    expect(errors[0]?.details).toHaveProperty('error', undefined)
  })
})
