import {
  type AttributeValue,
  type Clock,
  type ClockTimer,
  describeError,
  exportFailure,
  type ReadableSpan,
  type Span,
  type SpanContext,
  type SpanProcessor,
  type Telemetry,
} from '@foundation-telemetry/core'
import { BoundedCache } from './boundedCache.ts'
import { TailCounts } from './tailCounts.ts'
import { readTailOptions, type TailConfig } from './tailOptions.ts'
import {
  type BufferedTrace,
  decideTrace,
  type Kept,
  type PolicySettings,
  withDecision,
} from './tailPolicies.ts'
import { TraceBuffer } from './traceBuffer.ts'

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
  return new TailSamplerProcessor(readTailOptions(options))
}

/** {@link createTailSampler}'s processor: the buffer, the decided traces' memory, and the counts. */
class TailSamplerProcessor implements TailSampler {
  private readonly next: SpanProcessor
  private readonly clock: Clock
  private readonly settings: PolicySettings
  private readonly telemetry: Telemetry | undefined
  private readonly buffer: TraceBuffer
  private readonly keptCache: BoundedCache<Kept>
  private readonly droppedCache: BoundedCache<true>
  private readonly counts: TailCounts
  private timer: ClockTimer | undefined

  constructor(config: TailConfig) {
    this.next = config.next
    this.clock = config.clock
    this.settings = config.settings
    this.telemetry = config.telemetry
    this.buffer = new TraceBuffer(config)
    this.keptCache = new BoundedCache<Kept>(config.cacheSize)
    this.droppedCache = new BoundedCache<true>(config.cacheSize)
    this.counts = new TailCounts(config.telemetry, () => this.buffer.bytes)
    const period = Math.max(1, Math.min(config.waitMs || 100, 1000) / 2)
    this.timer = config.clock.setInterval(() => this.sweep(), period)
    this.timer.unref?.()
  }

  onStart(span: Span, parent: SpanContext | undefined): void {
    try {
      this.next.onStart(span, parent)
    } catch (error) {
      this.failed(error)
    }
  }

  onEnd(span: ReadableSpan): void {
    const traceId = span.spanContext.traceId
    const decided = this.keptCache.get(traceId)
    if (decided !== undefined) {
      this.counts.lateSpan(true)
      this.forward(span, decided)
      return
    }
    if (this.droppedCache.get(traceId) !== undefined) {
      this.counts.lateSpan(false)
      return
    }
    const buffer = this.buffer
    buffer.add(span, this.clock.monotonic())
    // Oldest first (the buffer keeps arrival order) until the buffer is back under its bound.
    while (buffer.overBound) {
      const [oldestId, oldest] = buffer.oldest() as [string, BufferedTrace]
      this.decide(oldestId, oldest, true)
    }
  }

  async forceFlush(): Promise<void> {
    this.decideAll()
    await this.next.forceFlush()
  }

  async shutdown(): Promise<void> {
    if (this.timer !== undefined) this.clock.clearInterval(this.timer)
    this.timer = undefined
    this.decideAll()
    await this.next.shutdown()
  }

  stats(): TailSamplerStats {
    return this.counts.stats(this.buffer.size, this.buffer.bytes)
  }

  private decide(traceId: string, trace: BufferedTrace, isEarly: boolean): void {
    this.buffer.remove(traceId, trace)
    const decision = decideTrace(traceId, trace, this.settings)
    this.counts.decided(decision, trace.spans.length, isEarly)
    if (decision === undefined) {
      this.droppedCache.set(traceId, true)
      return
    }
    this.keptCache.set(traceId, decision)
    for (const span of trace.spans) this.forward(span, decision)
  }

  /** Decide the traces that are due. */
  private sweep(): void {
    const now = this.clock.monotonic()
    for (const [id, trace] of this.buffer.entries()) if (trace.due <= now) this.decide(id, trace, false)
  }

  private decideAll(): void {
    for (const [id, trace] of this.buffer.entries()) this.decide(id, trace, false)
  }

  private forward(span: ReadableSpan, decision: Kept): void {
    try {
      this.next.onEnd(withDecision(span, decision))
    } catch (error) {
      this.failed(error)
    }
  }

  private failed(error: unknown): void {
    this.telemetry?.reportError(
      exportFailure(`tail sampler: the next processor failed: ${describeError(error).message}`, {
        exporter: 'tail_sampler',
        error,
      }),
    )
  }
}
