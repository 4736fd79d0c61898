/**
 * The base of every series: its key set (which instrument, which sorted tag keys), its tag
 * values, when it started, and the rolling windows it feeds, if any. Each instrument kind
 * extends it with its own aggregation fields; the series object is also what `bind(tags)`
 * returns, so a bound add touches nothing but the series itself.
 *
 * Tag values are not stored on the series: the series table's maps are keyed by them, and
 * iteration hands them back. Counters do not use this class at all: they keep their series in
 * columns (see `counter.ts`), which is what makes a counter series cheap.
 */
import type { EngineContext } from './engineContext.ts'
import type { RollingWindow } from './rollingWindow.ts'

/** What a series needs from its instrument. */
export interface SeriesOwner {
  readonly name: string
  readonly ctx: EngineContext
  /** Epoch ms the instrument was created; series start times are offsets from it. */
  readonly createdAt: number
  /** Report and count a bad value given to a bound series. */
  rejectValue(value: unknown): void
}

/** Series sharing an instrument and a sorted list of tag keys. */
export interface KeySetInfo {
  readonly owner: SeriesOwner
  /** Sorted tag keys. */
  readonly keys: readonly string[]
}

/** One tag set of one instrument. */
export class Series {
  readonly keySet: KeySetInfo
  /** Integer ms from the instrument's creation to this series' creation. */
  private readonly startOffset: number
  /** Windows this series feeds; `null` until someone asks (keeps the hot path to one check). */
  rings: RollingWindow[] | null = null

  constructor(set: KeySetInfo, startTime: number) {
    this.keySet = set
    this.startOffset = Math.max(0, Math.floor(startTime - set.owner.createdAt))
  }

  /** The instrument this series belongs to. */
  get owner(): SeriesOwner {
    return this.keySet.owner
  }

  /** Epoch ms this series was created (1 ms resolution). */
  get startTime(): number {
    return this.keySet.owner.createdAt + this.startOffset
  }

  /** Feed `value` to every window; only called when `rings !== null`. */
  protected feed(value: number): void {
    const now = this.keySet.owner.ctx.clock.now()
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
}
