import type { SpanEventNames } from './spanRun.ts'

/** Names cached at most; past it the cache starts over, so unbounded dynamic names cannot grow it. */
export const MAX_CACHED_SPAN_NAMES = 1024

/**
 * The `.start` / `.stop` / `.exception` names of each `t.span` prefix, built once per prefix: a
 * call with a known prefix allocates no strings.
 */
export class SpanNameCache {
  private names = new Map<string, SpanEventNames>()

  /** The three event names of `event`. */
  get(event: string): SpanEventNames {
    let n = this.names.get(event)
    if (n === undefined) {
      n = { start: `${event}.start`, stop: `${event}.stop`, exception: `${event}.exception` }
      if (this.names.size >= MAX_CACHED_SPAN_NAMES) this.names = new Map()
      this.names.set(event, n)
    }
    return n
  }

  /** Prefixes cached now. */
  get size(): number {
    return this.names.size
  }
}
