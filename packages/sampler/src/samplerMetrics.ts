import type { Telemetry } from '@foundation-telemetry/core'
import type { NameState } from './nameState.ts'

/** The sampler's metrics in one telemetry instance. */
export interface SamplerMetrics {
  readonly telemetry: Telemetry
  /** Add the counts since the last flush to the counters. */
  flush(): void
}

/**
 * Record the sampler's counts as the taxonomy's `telemetry.sampler.*` metrics. Decisions count
 * into plain numbers (a decision must stay a few nanoseconds); the counters receive the
 * differences on the sampler's timer (each second by default) and on `close()`, while the rate
 * gauge is read at collection.
 */
export function createSamplerMetrics(
  telemetry: Telemetry,
  states: () => Iterable<NameState>,
): SamplerMetrics {
  const metrics = telemetry.metrics
  const seen = metrics.counter('telemetry.sampler.seen')
  const sampled = metrics.counter('telemetry.sampler.sampled')
  const dropped = metrics.counter('telemetry.sampler.dropped')
  metrics.gauge('telemetry.sampler.rate', {
    callback(observe) {
      for (const s of states()) observe(s.level.p, { event: s.name })
    },
  })
  // Per state, what this instance has recorded (a sampler may feed several instances).
  const recorded = new WeakMap<NameState, { seen: number; sampled: number; dropped: number }>()
  return {
    telemetry,
    flush() {
      for (const s of states()) {
        let r = recorded.get(s)
        if (r === undefined) {
          r = { seen: 0, sampled: 0, dropped: 0 }
          recorded.set(s, r)
        }
        const tags = { event: s.name }
        if (s.seen > r.seen) seen.add(s.seen - r.seen, tags)
        if (s.sampled > r.sampled) sampled.add(s.sampled - r.sampled, tags)
        if (s.dropped > r.dropped) dropped.add(s.dropped - r.dropped, tags)
        r.seen = s.seen
        r.sampled = s.sampled
        r.dropped = s.dropped
      }
    },
  }
}
