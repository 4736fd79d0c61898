import {
  type AttributeValue,
  type Clock,
  type ClockTimer,
  describeError,
  exportFailure,
  type ReadableSpan,
  readOptionKeys,
  type SpanProcessor,
  systemClock,
  type Telemetry,
} from '@foundation-telemetry/core'
import { BoundedCache } from './boundedCache.ts'
import { asTelemetry, hasMethods, readClock, reportOptions } from './readOptions.ts'
import { estimateSpanBytes } from './spanBytes.ts'
import {
  addSpan,
  attributeRules,
  type BufferedTrace,
  decideTrace,
  type Kept,
  newTrace,
  type PolicySettings,
  withDecision,
} from './tailPolicies.ts'
import { probabilityToThreshold } from './threshold.ts'

/** Keep traces with a span whose attribute `key` equals one of `values` or matches `pattern`. */
export interface AttributeRule {
  /** The policy name in metrics. Defaults to `attribute`. */
  name?: string
  key: string
  /** Values that match (a single value or a list). */
  values?: AttributeValue | readonly AttributeValue[]
  /** A pattern string values must match. */
  pattern?: RegExp
}

/** Options of {@link createTailSampler}. */
export interface TailSamplerOptions {
  /** Where kept spans go: an exporter's span processor. */
  next: SpanProcessor
  /** How long after its root span ends a trace is decided, ms. Defaults to 1000. */
  decisionWait?: number
  /** A trace whose root never ends here (it is elsewhere) is decided this long after its first span, ms. Defaults to 30 000. */
  maxTraceAge?: number
  /** The buffer's bound in estimated bytes; past it the oldest traces are decided early. Defaults to 16 MiB. */
  maxBufferBytes?: number
  /** Keep traces with a span whose status is error. Defaults to `true`. */
  keepErrors?: boolean
  /** Keep traces that lasted longer than this, ms (earliest start to latest end). Off by default. */
  latencyThresholdMs?: number
  /** Keep traces that match any of these rules. */
  attributes?: readonly AttributeRule[]
  /** Share of the remaining traces kept, decided consistently on the trace id. Defaults to 0.1. */
  probability?: number
  /** Decided trace ids remembered (kept and dropped, each), for late spans. Defaults to 10 000. */
  decisionCacheSize?: number
  /** Time for waits and the sweep. Defaults to the system clock. */
  clock?: Clock
  /** Records the `telemetry.tail_sampler.*` metrics and receives problems. */
  telemetry?: Telemetry
}

/** Counts of a tail sampler. */
export interface TailSamplerStats {
  bufferedTraces: number
  bufferedBytes: number
  /** Traces kept, by policy (`error`, `latency`, an attribute rule's name, `probabilistic`). */
  kept: Record<string, number>
  dropped: number
  earlyDecisions: number
  lateSpans: { kept: number; dropped: number }
}

/** A span processor that buffers whole traces, decides each once, and forwards the kept ones. */
export interface TailSampler extends SpanProcessor {
  stats(): TailSamplerStats
}

/**
 * Tail sampling in process: spans are held by trace until the root ends (plus `decisionWait`),
 * then the whole trace is kept if it erred, was slow, or matched an attribute rule, and otherwise
 * with probability `probability` on the trace id's randomness, raising its `th` proportionally
 * (the specification's downstream rule: a downstream stage may only raise the threshold).
 *
 * The buffer is bounded in bytes, not traces: past `maxBufferBytes` the oldest traces are decided
 * at once with the spans they have. Decisions are remembered, so late spans follow them.
 *
 * @example
 * const tail = createTailSampler({ next: otlp.spanProcessor, latencyThresholdMs: 2000 })
 * t.addSpanProcessor(tail)
 */
export function createTailSampler(options: TailSamplerOptions): TailSampler {
  const read = readOptionKeys<TailSamplerOptions>(options, TAIL_OPTION_KEYS)
  const o = read.options
  const problems = [...read.unreadable]
  const t = asTelemetry(o.telemetry)
  if (o.telemetry !== undefined && t === undefined) problems.push('telemetry')
  const clock = readClock(o.clock, systemClock, problems)
  // Without a usable next processor kept spans have nowhere to go: they are dropped, and said so.
  const nextOk = hasMethods(o.next, ['onStart', 'onEnd', 'forceFlush', 'shutdown'])
  if (!nextOk) problems.push('next')
  const next: SpanProcessor = nextOk ? (o.next as SpanProcessor) : NO_NEXT
  const wait = nonNegative(o.decisionWait, 1000)
  const maxAge = nonNegative(o.maxTraceAge, 30_000)
  const maxBytes = nonNegative(o.maxBufferBytes, 16 * 1024 * 1024)
  const rules = attributeRules(o.attributes, problems)
  const probability =
    typeof o.probability === 'number' && o.probability >= 0 && o.probability <= 1 ? o.probability : 0.1
  const settings: PolicySettings = {
    keepErrors: o.keepErrors !== false,
    latencyMs: typeof o.latencyThresholdMs === 'number' ? o.latencyThresholdMs : undefined,
    probability,
    ownThreshold: probabilityToThreshold(probability),
  }
  const cacheSize = nonNegative(o.decisionCacheSize, 10_000)
  reportOptions(t, 'createTailSampler', problems, 'defaults used')

  const buffer = new Map<string, BufferedTrace>()
  const keptCache = new BoundedCache<Kept>(cacheSize)
  const droppedCache = new BoundedCache<true>(cacheSize)
  let bufferedBytes = 0
  const kept: Record<string, number> = {}
  let dropped = 0
  let earlyDecisions = 0
  const late = { kept: 0, dropped: 0 }

  const traces = t?.metrics.counter('telemetry.tail_sampler.traces')
  const spans = t?.metrics.counter('telemetry.tail_sampler.spans')
  const early = t?.metrics.counter('telemetry.tail_sampler.early_decisions')
  t?.metrics.gauge('telemetry.tail_sampler.buffer_bytes', { callback: (observe) => observe(bufferedBytes) })

  const failed = (error: unknown) =>
    t?.reportError(
      exportFailure(`tail sampler: the next processor failed: ${describeError(error).message}`, {
        exporter: 'tail_sampler',
        error,
      }),
    )

  const forward = (span: ReadableSpan, decision: Kept) => {
    try {
      next.onEnd(withDecision(span, decision))
    } catch (error) {
      failed(error)
    }
  }

  const decide = (traceId: string, trace: BufferedTrace, isEarly: boolean) => {
    buffer.delete(traceId)
    bufferedBytes -= trace.bytes
    const decision = decideTrace(traceId, trace, settings)
    if (isEarly) {
      earlyDecisions++
      early?.add(1)
    }
    if (decision === undefined) {
      dropped++
      droppedCache.set(traceId, true)
      traces?.add(1, { decision: 'dropped', policy: 'probabilistic' })
      spans?.add(trace.spans.length, { decision: 'dropped', late: false })
      return
    }
    kept[decision.policy] = (kept[decision.policy] ?? 0) + 1
    keptCache.set(traceId, decision)
    traces?.add(1, { decision: 'kept', policy: decision.policy })
    spans?.add(trace.spans.length, { decision: 'kept', late: false })
    for (const span of trace.spans) forward(span, decision)
  }

  const sweep = () => {
    const now = clock.monotonic()
    for (const [id, trace] of buffer) if (trace.due <= now) decide(id, trace, false)
  }
  let timer: ClockTimer | undefined = clock.setInterval(sweep, Math.max(1, Math.min(wait || 100, 1000) / 2))
  timer.unref?.()

  const decideAll = () => {
    for (const [id, trace] of buffer) decide(id, trace, false)
  }

  return {
    onStart(span, parent) {
      try {
        next.onStart(span, parent)
      } catch (error) {
        failed(error)
      }
    },

    onEnd(span) {
      const traceId = span.spanContext.traceId
      const decided = keptCache.get(traceId)
      if (decided !== undefined) {
        late.kept++
        spans?.add(1, { decision: 'kept', late: true })
        forward(span, decided)
        return
      }
      if (droppedCache.get(traceId) !== undefined) {
        late.dropped++
        spans?.add(1, { decision: 'dropped', late: true })
        return
      }
      const now = clock.monotonic()
      let trace = buffer.get(traceId)
      if (trace === undefined) {
        trace = newTrace(span, now, maxAge)
        buffer.set(traceId, trace)
      }
      const bytes = estimateSpanBytes(span)
      addSpan(trace, span, bytes, now, wait, rules)
      bufferedBytes += bytes
      // Oldest first (the map keeps insertion order) until the buffer is back under its bound.
      while (bufferedBytes > maxBytes && buffer.size > 0) {
        const [oldestId, oldest] = buffer.entries().next().value as [string, BufferedTrace]
        decide(oldestId, oldest, true)
      }
    },

    async forceFlush() {
      decideAll()
      await next.forceFlush()
    },

    async shutdown() {
      if (timer !== undefined) clock.clearInterval(timer)
      timer = undefined
      decideAll()
      await next.shutdown()
    },

    stats: () => ({
      bufferedTraces: buffer.size,
      bufferedBytes,
      kept: { ...kept },
      dropped,
      earlyDecisions,
      lateSpans: { ...late },
    }),
  }
}

function nonNegative(value: unknown, fallback: number): number {
  return typeof value === 'number' && value >= 0 && Number.isFinite(value) ? value : fallback
}

const TAIL_OPTION_KEYS = [
  'next',
  'decisionWait',
  'maxTraceAge',
  'maxBufferBytes',
  'keepErrors',
  'latencyThresholdMs',
  'attributes',
  'probability',
  'decisionCacheSize',
  'clock',
  'telemetry',
] as const

const NO_NEXT: SpanProcessor = {
  onStart() {},
  onEnd() {},
  forceFlush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
}
