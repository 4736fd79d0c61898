/**
 * The tail sampler's traces awaiting their decision, grouped by trace id and counted in estimated
 * bytes, so the sampler can keep the buffer under its bound by deciding the oldest traces early.
 */
import type { ReadableSpan } from '@foundation-telemetry/core'
import { estimateSpanBytes } from './spanBytes.ts'
import { addSpan, type BufferedTrace, type CompiledAttributeRule, newTrace } from './tailPolicies.ts'

/** How a {@link TraceBuffer} dates its traces and what it records about their spans. */
export interface TraceBufferLimits {
  /** How long after its root span ends a trace is due, ms. */
  waitMs: number
  /** How long after its first span a trace whose root never ends here is due, ms. */
  maxAgeMs: number
  /** The bound in estimated bytes {@link TraceBuffer.overBound} compares against. */
  maxBytes: number
  /** The attribute rules a trace's spans are matched against as they arrive. */
  rules: readonly CompiledAttributeRule[]
}

/** Buffered traces in arrival order (of each trace's first span), with their total estimated bytes. */
export class TraceBuffer {
  /** Estimated bytes of every span held. */
  bytes = 0
  private readonly traces = new Map<string, BufferedTrace>()
  private readonly limits: TraceBufferLimits

  constructor(limits: TraceBufferLimits) {
    this.limits = limits
  }

  /** Hold `span` with its trace (a new trace when it is the first span seen of it), at `now` (monotonic ms). */
  add(span: ReadableSpan, now: number): void {
    const traceId = span.spanContext.traceId
    let trace = this.traces.get(traceId)
    if (trace === undefined) {
      trace = newTrace(span, now, this.limits.maxAgeMs)
      this.traces.set(traceId, trace)
    }
    const bytes = estimateSpanBytes(span)
    addSpan(trace, span, bytes, now, this.limits.waitMs, this.limits.rules)
    this.bytes += bytes
  }

  /** Whether the buffer holds more than its bound (and holds a trace to decide). */
  get overBound(): boolean {
    return this.bytes > this.limits.maxBytes && this.traces.size > 0
  }

  /** The trace buffered longest, with its id; undefined when empty. */
  oldest(): [string, BufferedTrace] | undefined {
    return this.traces.entries().next().value
  }

  /** Let go of a trace (it was decided); its bytes leave the count. */
  remove(traceId: string, trace: BufferedTrace): void {
    this.traces.delete(traceId)
    this.bytes -= trace.bytes
  }

  /** The traces held, oldest first; removing the current one while iterating is safe. */
  entries(): MapIterator<[string, BufferedTrace]> {
    return this.traces.entries()
  }

  /** Traces held. */
  get size(): number {
    return this.traces.size
  }
}
