import { BoundedCache } from './boundedCache.ts'
import type { SpanEventNames } from './spanRun.ts'

/** Names cached at most; past it the cache starts over, so unbounded dynamic names cannot grow it. */
export const MAX_CACHED_SPAN_NAMES = 1024

/**
 * The `.start` / `.stop` / `.exception` names of each `t.span` prefix, built once per prefix: a
 * call with a known prefix allocates no strings.
 */
export class SpanNameCache {
  private readonly names = new BoundedCache<string, SpanEventNames>(MAX_CACHED_SPAN_NAMES)

  /** The three event names of `event`. */
  get(event: string): SpanEventNames {
    return (
      this.names.get(event) ??
      this.names.set(event, {
        start: `${event}.start`,
        stop: `${event}.stop`,
        exception: `${event}.exception`,
      })
    )
  }

  /** Prefixes cached now. */
  get size(): number {
    return this.names.size
  }
}
