/**
 * What a tail sampler has decided, counted twice: plain numbers for `stats()`, and the
 * `telemetry.tail_sampler.*` metrics when the sampler was given a telemetry instance.
 */
import type { Counter, Telemetry } from '@foundation-telemetry/core'
import type { Kept } from './tailPolicies.ts'
import type { TailSamplerStats } from './tailSampler.ts'

/** The tail sampler's decisions and late spans, as counts and as metrics. */
export class TailCounts {
  private readonly kept: Record<string, number> = {}
  private dropped = 0
  private earlyDecisions = 0
  private readonly late = { kept: 0, dropped: 0 }
  private readonly traces: Counter | undefined
  private readonly spans: Counter | undefined
  private readonly early: Counter | undefined

  /** Registers the metrics on `t`; the buffer-bytes gauge reads `bufferedBytes` at collection. */
  constructor(t: Telemetry | undefined, bufferedBytes: () => number) {
    this.traces = t?.metrics.counter('telemetry.tail_sampler.traces')
    this.spans = t?.metrics.counter('telemetry.tail_sampler.spans')
    this.early = t?.metrics.counter('telemetry.tail_sampler.early_decisions')
    t?.metrics.gauge('telemetry.tail_sampler.buffer_bytes', {
      callback: (observe) => observe(bufferedBytes()),
    })
  }

  /** A trace of `spanCount` spans was decided: kept by `decision`'s policy, or dropped when undefined. */
  decided(decision: Kept | undefined, spanCount: number, isEarly: boolean): void {
    if (isEarly) {
      this.earlyDecisions++
      this.early?.add(1)
    }
    if (decision === undefined) {
      this.dropped++
      this.traces?.add(1, { decision: 'dropped', policy: 'probabilistic' })
      this.spans?.add(spanCount, { decision: 'dropped', late: false })
      return
    }
    this.kept[decision.policy] = (this.kept[decision.policy] ?? 0) + 1
    this.traces?.add(1, { decision: 'kept', policy: decision.policy })
    this.spans?.add(spanCount, { decision: 'kept', late: false })
  }

  /** A span arrived after its trace was decided, and followed that decision. */
  lateSpan(kept: boolean): void {
    if (kept) this.late.kept++
    else this.late.dropped++
    this.spans?.add(1, { decision: kept ? 'kept' : 'dropped', late: true })
  }

  /** The counts, with the buffer's current size. */
  stats(bufferedTraces: number, bufferedBytes: number): TailSamplerStats {
    return {
      bufferedTraces,
      bufferedBytes,
      kept: { ...this.kept },
      dropped: this.dropped,
      earlyDecisions: this.earlyDecisions,
      lateSpans: { ...this.late },
    }
  }
}
