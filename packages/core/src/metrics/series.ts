/**
 * The base of every series: which instrument it belongs to, its tags (as a shared sorted key
 * list plus a values key), when it started, and the rolling windows it feeds, if any.
 * Each instrument kind extends it with its own aggregation fields; the series object is also
 * what `bind(tags)` returns, so a bound add touches nothing but the series itself.
 */
import type { EngineContext } from './engineContext.ts'
import { type RollingWindow, WindowAccumulator } from './rollingWindow.ts'
import { tagsOf } from './tagKey.ts'

/** What a series needs from its instrument. */
export interface SeriesOwner {
  readonly name: string
  readonly ctx: EngineContext
  /** Report and count a bad value given to a bound series. */
  rejectValue(value: unknown): void
}

/** One tag set of one instrument. */
export class Series {
  readonly owner: SeriesOwner
  /** Sorted tag keys, shared by every series with the same key set. */
  readonly keys: readonly string[]
  /** Stringified values in `keys` order, joined with NUL. */
  readonly key: string
  /** Epoch ms the series was created. */
  readonly startTime: number
  /** Windows this series feeds; `null` until someone asks (keeps the hot path to one check). */
  rings: RollingWindow[] | null = null

  constructor(owner: SeriesOwner, keys: readonly string[], key: string, startTime: number) {
    this.owner = owner
    this.keys = keys
    this.key = key
    this.startTime = startTime
  }

  /** Sorted, stringified tags, built on demand (snapshots, window queries). */
  tags(): Record<string, string> {
    return tagsOf(this.keys, this.key)
  }

  /** Feed `value` to every window; only called when `rings !== null`. */
  protected feed(value: number): void {
    const now = this.owner.ctx.clock.now()
    const rings = this.rings!
    for (let i = 0; i < rings.length; i++) rings[i]!.add(value, now)
  }

  /** The ring for `window` ms, if this series keeps one. */
  ring(window: number): RollingWindow | undefined {
    if (this.rings === null) return undefined
    for (const ring of this.rings) if (ring.window === window) return ring
    return undefined
  }

  /** Start feeding `ring`. */
  addRing(ring: RollingWindow): void {
    if (this.rings === null) this.rings = [ring]
    else this.rings.push(ring)
  }

  /** Fold this series' `window` ring into `into`, if it keeps one. */
  accumulate(into: WindowAccumulator, window: number, now: number): void {
    this.ring(window)?.accumulate(into, now)
  }
}

export { WindowAccumulator }
