import {
  type Clock,
  describeError,
  handlerFailure,
  isSampled,
  type Measurements,
  type Metadata,
  newSpanId,
  newTraceId,
  type Span,
  type SpanContext,
  type Telemetry,
} from '@foundation-telemetry/core'
import { BoundedCache } from './boundedCache.ts'
import { hasMethods, readEmitterOptions, reportOptions } from './readOptions.ts'
import type { Sampler } from './types.ts'

/** Options of {@link createSampledEvents}. */
export interface SampledEventsOptions {
  telemetry: Telemetry
  sampler: Sampler
  /** Prepended to every name with a dot (`my_app` + `cache.hit` = `my_app.cache.hit`). */
  prefix?: string
  /** Time for `emitOncePer`. Defaults to the telemetry instance's clock. */
  clock?: Clock
  /** Keys `emitOncePer` remembers; the oldest are forgotten past this. Defaults to 10 000. */
  maxOnceKeys?: number
}

/**
 * Emission helpers that decide at the source. Unlike sampled delivery (which leaves every
 * handler but the opted-in ones untouched), an event these helpers drop reaches no handler at all,
 * metrics included: use them for events nothing counts, or count with `adjusted_count`.
 */
export interface SampledEvents {
  /**
   * Emit `event` if the sampler keeps it, with `adjusted_count` (1/p) added to the measurements.
   * Returns whether it was emitted.
   */
  emit(event: string, measurements?: Measurements, metadata?: Metadata): boolean
  /**
   * Run `fn` in a span (`t.span`: start/stop/exception events) if the trace is kept: inside a
   * span, the trace's decision (so a trace is never cut in pieces); at the root, the sampler's
   * decision for `event`. A dropped span still runs `fn`, with a span that records nothing.
   */
  span<TResult>(event: string, metadata: Metadata | undefined, fn: (span: Span) => TResult): TResult
  /** Emit `event` at most once per `windowMs` for each `key` (deduplication). Returns whether it was emitted. */
  emitOncePer(
    event: string,
    key: string,
    windowMs: number,
    measurements?: Measurements,
    metadata?: Metadata,
  ): boolean
  /** Emit `event` when `condition` (a value or a function, evaluated once) is true. */
  emitIf(
    condition: boolean | (() => boolean),
    event: string,
    measurements?: Measurements,
    metadata?: Metadata,
  ): boolean
}

const EVENTS_OPTION_KEYS = ['telemetry', 'sampler', 'prefix', 'clock', 'maxOnceKeys'] as const

/**
 * Sampled emission helpers (sampled emit and span, `emitOncePer`, `emitIf`) over a telemetry
 * instance and a sampler.
 *
 * @example
 * const events = createSampledEvents({ telemetry: t, sampler, prefix: 'my_app' })
 * events.emit('cache.hit', { count: 1 }, { cache: 'prompts' })
 * await events.span('request', { route: '/chat' }, async () => handle())
 * events.emitOncePer('config.warning', configPath, 60_000)
 */
export function createSampledEvents(options: SampledEventsOptions): SampledEvents {
  const read = readEmitterOptions<SampledEventsOptions>(options, EVENTS_OPTION_KEYS)
  if (read === undefined) return INERT_EVENTS
  const { options: o, telemetry: t, clock, problems } = read
  if (clock === undefined) {
    reportOptions(t, 'createSampledEvents', problems.length > 0 ? problems : ['clock'], 'nothing is emitted')
    return INERT_EVENTS
  }
  // A missing sampler falls back to the default rule: keep everything.
  const sampler = hasMethods(o.sampler, ['sampleEvent', 'shouldSample']) ? (o.sampler as Sampler) : KEEP_ALL
  if (sampler === KEEP_ALL) problems.push('sampler')
  reportOptions(t, 'createSampledEvents', problems, 'defaults used (a missing sampler keeps everything)')
  const prefix = typeof o.prefix === 'string' && o.prefix !== '' ? `${o.prefix}.` : ''
  const once = new BoundedCache<number>(
    typeof o.maxOnceKeys === 'number' && o.maxOnceKeys >= 0 ? o.maxOnceKeys : 10_000,
  )
  const name = (event: string) => prefix + event

  const execute = (event: string, measurements: Measurements | undefined, metadata: Metadata | undefined) => {
    t.execute(name(event), measurements ?? {}, metadata ?? {})
    return true
  }

  return {
    emit(event, measurements, metadata) {
      const full = name(event)
      const m = measurements ?? {}
      const md = metadata ?? {}
      const count = sampler.sampleEvent(full, m, md)
      if (count <= 0) return false
      t.execute(full, { ...m, adjusted_count: count }, md)
      return true
    },

    span(event, metadata, fn) {
      const active = t.activeSpan()
      const keep =
        active !== undefined ? isSampled(active.spanContext()) : sampler.shouldSample(name(event), metadata)
      if (keep) return t.span(name(event), metadata, fn)
      // A new trace, not sampled, made active: spans and sampled spans inside follow the drop
      // instead of deciding again. The function gets its context span, which records nothing.
      const dropped: SpanContext = { traceId: newTraceId(), spanId: newSpanId(), traceFlags: 0 }
      return t.withContext(dropped, () => fn(t.activeSpan() as Span))
    },

    emitOncePer(event, key, windowMs, measurements, metadata) {
      const id = `${name(event)}\u0000${key}`
      const now = clock.monotonic()
      const last = once.get(id)
      if (last !== undefined && now - last < windowMs) return false
      once.set(id, now)
      return execute(event, measurements, metadata)
    },

    emitIf(condition, event, measurements, metadata) {
      let pass: unknown = condition
      if (typeof condition === 'function') {
        try {
          pass = condition()
        } catch (error) {
          t.reportError(
            handlerFailure(
              `emitIf: the condition for ${name(event)} threw: ${describeError(error).message}`,
              { handler_id: 'emitIf', event_name: name(event), error },
            ),
          )
          return false
        }
      }
      return pass === true ? execute(event, measurements, metadata) : false
    },
  }
}

/** The default rule, keep, standing in for a sampler the caller did not give. */
const KEEP_ALL = { sampleEvent: () => 1, shouldSample: () => true } as unknown as Sampler

/** Helpers without a usable telemetry instance: nothing is emitted; `span` still runs `fn`. */
const INERT_EVENTS: SampledEvents = Object.freeze({
  emit: () => false,
  span: <TResult>(_event: string, _metadata: Metadata | undefined, fn: (span: Span) => TResult): TResult =>
    (typeof fn === 'function' ? fn(inertSpan()) : undefined) as TResult,
  emitOncePer: () => false,
  emitIf: () => false,
})

/** A span that records nothing, for `fn` when there is no telemetry instance to give one. */
function inertSpan(): Span {
  const context: SpanContext = { traceId: newTraceId(), spanId: newSpanId(), traceFlags: 0 }
  const span: Span = {
    name: '',
    spanContext: () => context,
    setAttribute: () => span,
    setAttributes: () => span,
    addEvent: () => span,
    addLink: () => span,
    setStatus: () => span,
    recordException: () => span,
    updateName: () => span,
    end: () => {},
    isRecording: () => false,
  }
  return span
}
