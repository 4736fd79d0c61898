/**
 * Finds the series for a tag object without sorting, serialising or concatenating it.
 *
 * Tag objects are walked with `for...in` (no `Object.keys` array). Objects with one or two tags
 * take dedicated paths: the last key shape seen is cached by identity of its key strings, so a
 * call site that always passes `{ agent_id, action }` pays two string-pointer compares to learn
 * the sorted key order, then one `Map.get` per tag value, keyed by the caller's own strings
 * (whose hashes V8 caches). Wider objects map their iteration-order key signature to a cached
 * sort permutation and use one joined key. Tag order is irrelevant: `{a, b}` and `{b, a}` land
 * in the same series.
 *
 * Past the cardinality limit new tag sets go to one overflow series
 * (`{ 'otel.metric.overflow': 'true' }`, the OpenTelemetry attribute) that keeps totals. Values longer than
 * `MAX_TAG_VALUE_LENGTH` are truncated (on the miss path only: a kept series is keyed by the cut
 * value, so a long value looks it up again after cutting), reported once per instrument.
 *
 * Re-entrancy: a tag value's `toString` may record into this same table. Nothing the outer call
 * still needs is read from shared fields after a value is stringified, and the scratch arrays of
 * the general path are only used by the outermost call.
 */
import { TelemetryErrorCode } from '../errors.ts'
import type { KeySetInfo, SeriesOwner } from './series.ts'
import { joinKey, MAX_TAG_VALUE_LENGTH, sortOrder, tagString, truncateTagValue } from './tagKey.ts'

/** The tag key of the overflow series, as OpenTelemetry names it. */
export const OVERFLOW_KEY = 'otel.metric.overflow'
const OVERFLOW_KEYS: readonly string[] = [OVERFLOW_KEY]
/** Iteration-order shapes cached per instrument; more are resolved without caching. */
const MAX_SHAPES = 64

/**
 * Creates the kind-specific series entry (a series object, or a column index for counters);
 * implemented by each instrument.
 */
export interface SeriesFactory<TSeries> extends SeriesOwner {
  createSeries(set: KeySetInfo, startTime: number): TSeries
}

/**
 * Series of one sorted key list. One key: `map` holds value -> series. Two keys: `map` holds
 * first value -> (second value -> series). Three or more: joined values -> series.
 */
interface KeySet<TSeries> extends KeySetInfo {
  readonly map: Map<string, TSeries>
  readonly nested: Map<string, Map<string, TSeries>>
  /**
   * Two-key sets: a direct-mapped cache of recent lookups, `[first, second, series]` per slot,
   * allocated on the first hit of the nested maps. Series are never removed, so an entry never
   * goes stale; a slot holds the last pair that landed in it.
   */
  recent: unknown[] | null
}

/** Slots of a two-key set's recent-lookup cache: 2^RECENT_BITS. */
const RECENT_BITS = 7
const RECENT_SLOTS = 1 << RECENT_BITS

/**
 * The slot of a value pair in the recent-lookup cache (times 3, the entry width): lengths and
 * last characters mixed by a Fibonacci multiply, so pairs that differ in any of them spread
 * evenly. Reading them costs two `charCodeAt`; an empty value reads NaN, which `| 0` makes 0.
 */
function recentSlot(first: string, second: string): number {
  const mixed =
    (first.charCodeAt(first.length - 1) | 0) ^
    ((second.charCodeAt(second.length - 1) | 0) << 8) ^
    (first.length << 16) ^
    (second.length << 24)
  return (Math.imul(mixed, 0x9e3779b1) >>> (32 - RECENT_BITS)) * 3
}

function remember<TSeries>(
  set: KeySet<TSeries>,
  slot: number,
  first: string,
  second: string,
  series: TSeries,
): void {
  if (set.recent === null) set.recent = new Array<unknown>(RECENT_SLOTS * 3).fill(undefined)
  const recent = set.recent
  recent[slot] = first
  recent[slot + 1] = second
  recent[slot + 2] = series
}

interface Shape<TSeries> {
  readonly set: KeySet<TSeries>
  /** Indexes into the iteration-order keys, in sorted-key order. */
  readonly order: readonly number[]
}

/** Every series of one instrument, with the cardinality limit. */
export class SeriesTable<TSeries> {
  /** Series created, excluding the overflow series. */
  size = 0
  readonly limit: number
  private readonly factory: SeriesFactory<TSeries>
  private readonly allowed: ReadonlySet<string> | null
  /** The declared tag keys, sorted and unique; null when every key is kept. */
  private readonly declared: readonly string[] | null
  /** The key set of a call that carries every declared key (one or two of them), once created. */
  private declaredSet: KeySet<TSeries> | null = null
  private readonly sets = new Map<string, KeySet<TSeries>>()
  private readonly shapes = new Map<string, Shape<TSeries>>()
  private readonly emptySet: KeySetInfo
  private empty: TSeries | null = null
  private overflow: TSeries | null = null
  private overflowNoticed = false
  private truncationNoticed = false
  /** Whether the general path is running (its scratch arrays are in use). */
  private busy = false
  private k1: string | undefined = undefined
  private set1: KeySet<TSeries> | null = null
  private ka: string | undefined = undefined
  private kb: string | undefined = undefined
  private set2: KeySet<TSeries> | null = null
  private swap2 = false
  private readonly scratchKeys: string[] = []
  private readonly scratchValues: unknown[] = []

  constructor(factory: SeriesFactory<TSeries>, limit: number, tagKeys: readonly string[] | undefined) {
    this.factory = factory
    this.limit = limit
    this.allowed = tagKeys === undefined ? null : new Set(tagKeys)
    // Read by name, a declared key that every object inherits (`constructor`, `toString`) would
    // find a value in a tag object that lacks it: such instruments walk the keys instead.
    this.declared =
      this.allowed === null || [...this.allowed].some((key) => key in Object.prototype)
        ? null
        : [...this.allowed].sort()
    this.emptySet = { owner: factory, keys: [] }
  }

  /** Whether only declared tag keys are kept (other keys of a tag object are ignored). */
  get keepsDeclaredKeysOnly(): boolean {
    return this.allowed !== null
  }

  /** The series for `tags` (created on first use). Never throws; bad tags count as no tags. */
  resolve(tags: unknown): TSeries {
    if (tags === undefined || tags === null) return this.empty ?? this.createEmpty()
    if (typeof tags !== 'object' || Array.isArray(tags)) return this.badTags(tags)
    if (this.declared !== null) return this.resolveDeclared(tags as Record<string, unknown>)
    if (this.allowed !== null) return this.resolveMany(tags as Record<string, unknown>)
    return this.resolveWalked(tags as Record<string, unknown>)
  }

  /**
   * Undeclared keys: one walk over the keys, then the cached one- or two-tag shape, or the general
   * path. Apart from `resolve`, so the declared path inlines without this body.
   */
  private resolveWalked(record: Record<string, unknown>): TSeries {
    // Only the key strings are read while walking: reading values inside for...in is what cost.
    let n = 0
    let ka = ''
    let kb = ''
    for (const k in record) {
      if (n === 0) ka = k
      else if (n === 1) kb = k
      n++
    }
    if (n === 2 && ka === this.ka && kb === this.kb) {
      const va = record[ka]
      const vb = record[kb]
      if (va !== undefined && va !== null && vb !== undefined && vb !== null) {
        // Read before stringifying: a value's toString may record here and relearn the shape.
        const set = this.set2!
        const swap = this.swap2
        const sa = typeof va === 'string' ? va : tagString(va)
        const sb = typeof vb === 'string' ? vb : tagString(vb)
        return this.lookup2(set, swap ? sb : sa, swap ? sa : sb)
      }
    }
    if (n === 1 && ka === this.k1) {
      const va = record[ka]
      if (va !== undefined && va !== null) {
        const set = this.set1!
        const value = typeof va === 'string' ? va : tagString(va)
        return this.lookup1(set, value)
      }
    }
    return n === 0 ? (this.empty ?? this.createEmpty()) : this.resolveSlow(record)
  }

  /**
   * Declared keys: read by name, no key walk, since undeclared keys are dropped anyway. A call
   * carrying all of one or two declared keys takes the direct path; anything else (some keys
   * missing, three or more declared) goes through the general one.
   */
  private resolveDeclared(tags: Record<string, unknown>): TSeries {
    const keys = this.declared!
    if (keys.length === 2) {
      const va = tags[keys[0]!]
      const vb = tags[keys[1]!]
      if (va !== undefined && va !== null && vb !== undefined && vb !== null) {
        const set = this.declaredSet ?? this.keySetOfDeclared()
        if (set === null) return this.overflowed()
        return this.lookup2(
          set,
          typeof va === 'string' ? va : tagString(va),
          typeof vb === 'string' ? vb : tagString(vb),
        )
      }
    } else if (keys.length === 1) {
      const va = tags[keys[0]!]
      if (va !== undefined && va !== null) {
        const set = this.declaredSet ?? this.keySetOfDeclared()
        if (set === null) return this.overflowed()
        const value = typeof va === 'string' ? va : tagString(va)
        return this.lookup1(set, value)
      }
    } else if (keys.length === 0) return this.empty ?? this.createEmpty()
    return this.resolveMany(tags)
  }

  private keySetOfDeclared(): KeySet<TSeries> | null {
    this.declaredSet = this.keySet(this.declared!)
    return this.declaredSet
  }

  /** Any shape: skips null and undefined values, learns the one- and two-tag shapes it meets. */
  private resolveSlow(tags: Record<string, unknown>): TSeries {
    let n = 0
    let ka = ''
    let kb = ''
    let va: unknown
    let vb: unknown
    for (const k in tags) {
      const v = tags[k]
      if (v === undefined || v === null) continue
      if (n === 0) {
        ka = k
        va = v
      } else if (n === 1) {
        kb = k
        vb = v
      } else return this.resolveMany(tags)
      n++
    }
    if (n === 0) return this.empty ?? this.createEmpty()
    if (n === 1) {
      const set = this.keySet([ka])
      if (set === null) return this.overflowed()
      this.k1 = ka
      this.set1 = set
      const value = typeof va === 'string' ? va : tagString(va)
      return this.lookup1(set, value)
    }
    const swap = kb < ka
    const set = this.keySet(swap ? [kb, ka] : [ka, kb])
    if (set === null) return this.overflowed()
    this.ka = ka
    this.kb = kb
    this.set2 = set
    this.swap2 = swap
    const sa = typeof va === 'string' ? va : tagString(va)
    const sb = typeof vb === 'string' ? vb : tagString(vb)
    return this.lookup2(set, swap ? sb : sa, swap ? sa : sb)
  }

  /**
   * The existing series for `tags`, or undefined: unlike {@link resolve}, never creates a series,
   * a key set or the overflow series, reports nothing and learns no shape, so a read (a window
   * query) cannot grow the table. Tags match as in `resolve`: any key order, null and undefined
   * values skipped, undeclared keys dropped, bad tags read as no tags. Off the hot path.
   */
  find(tags: unknown): TSeries | undefined {
    if (tags === undefined || tags === null || typeof tags !== 'object' || Array.isArray(tags)) {
      return this.empty ?? undefined
    }
    const keys: string[] = []
    const values: unknown[] = []
    this.keptTags(tags as Record<string, unknown>, keys, values)
    if (keys.length === 0) return this.empty ?? undefined
    const order = sortOrder(keys)
    const set = this.sets.get(joinKey(order.map((i) => keys[i]!)))
    if (set === undefined) return undefined
    const strings = order.map((i) => bounded(tagString(values[i])))
    if (strings.length === 2) return set.nested.get(strings[0]!)?.get(strings[1]!)
    return set.map.get(strings.length === 1 ? strings[0]! : joinKey(strings))
  }

  /**
   * Visit every series with its sorted keys and the values it is keyed by (see `tagsOf`):
   * untagged first, then tagged in creation order per key set, then overflow.
   */
  forEach(fn: (series: TSeries, keys: readonly string[], a: string, b: string) => void): void {
    if (this.empty !== null) fn(this.empty, this.emptySet.keys, '', '')
    for (const set of this.sets.values()) {
      for (const [a, series] of set.map) fn(series, set.keys, a, '')
      for (const [a, inner] of set.nested) for (const [b, series] of inner) fn(series, set.keys, a, b)
    }
    if (this.overflow !== null) fn(this.overflow, OVERFLOW_KEYS, 'true', '')
  }

  /** Allow the next overflow to be reported again (called once per collection). */
  rearmOverflowNotice(): void {
    this.overflowNoticed = false
  }

  /** Whether new tag sets are being redirected to the overflow series. */
  get overflowing(): boolean {
    return this.overflow !== null
  }

  /** The series keyed by tag value `key` in a one-key set, created if new. */
  private lookup1(set: KeySet<TSeries>, key: string): TSeries {
    const found = set.map.get(key)
    return found !== undefined ? found : this.lookup1Miss(set, key)
  }

  /** {@link lookup1} past the map: a long value is cut and looked up again, then a new series. */
  private lookup1Miss(set: KeySet<TSeries>, key: string): TSeries {
    if (key.length > MAX_TAG_VALUE_LENGTH) {
      this.noticeTruncation()
      const cut = truncateTagValue(key)
      const found = set.map.get(cut)
      if (found !== undefined) return found
      key = cut
    }
    return this.create(set, key)
  }

  /** The series of a three-or-more-key set by its joined (already bounded) values, created if new. */
  private lookupJoined(set: KeySet<TSeries>, key: string): TSeries {
    const found = set.map.get(key)
    return found !== undefined ? found : this.create(set, key)
  }

  private lookup2(set: KeySet<TSeries>, first: string, second: string): TSeries {
    const slot = recentSlot(first, second)
    const recent = set.recent
    if (recent !== null && recent[slot] === first && recent[slot + 1] === second)
      return recent[slot + 2] as TSeries
    return this.lookup2Maps(set, first, second, slot)
  }

  /** {@link lookup2} past the recent-pair cache: the nested maps, then a new series. */
  private lookup2Maps(set: KeySet<TSeries>, first: string, second: string, slot: number): TSeries {
    const inner = set.nested.get(first)
    if (inner !== undefined) {
      const series = inner.get(second)
      if (series !== undefined) {
        remember(set, slot, first, second, series)
        return series
      }
    }
    if (first.length > MAX_TAG_VALUE_LENGTH || second.length > MAX_TAG_VALUE_LENGTH) {
      this.noticeTruncation()
      return this.lookup2(set, bounded(first), bounded(second))
    }
    if (this.size >= this.limit) return this.overflowed()
    const created = this.factory.createSeries(set, this.factory.ctx.clock.now())
    if (inner === undefined) set.nested.set(first, new Map([[second, created]]))
    else inner.set(second, created)
    this.size++
    return created
  }

  /**
   * The tags that count, in iteration order, into the scratch arrays: keys with a value that is
   * neither null nor undefined and, when keys are declared, only those.
   */
  private keptTags(tags: Record<string, unknown>, keys: string[], values: unknown[]): void {
    keys.length = 0
    values.length = 0
    for (const k in tags) {
      const v = tags[k]
      if (v === undefined || v === null) continue
      if (this.allowed !== null && !this.allowed.has(k)) continue
      keys.push(k)
      values.push(v)
    }
  }

  private resolveMany(tags: Record<string, unknown>): TSeries {
    if (this.busy) return this.resolveManyWith(tags, [], [])
    this.busy = true
    try {
      return this.resolveManyWith(tags, this.scratchKeys, this.scratchValues)
    } finally {
      this.busy = false
    }
  }

  private resolveManyWith(tags: Record<string, unknown>, keys: string[], values: unknown[]): TSeries {
    this.keptTags(tags, keys, values)
    if (keys.length === 0) return this.empty ?? this.createEmpty()
    const signature = joinKey(keys)
    let shape = this.shapes.get(signature)
    if (shape === undefined) {
      const order = sortOrder(keys)
      const set = this.keySet(order.map((i) => keys[i]!))
      if (set === null) return this.overflowed()
      shape = { set, order }
      if (this.shapes.size < MAX_SHAPES) this.shapes.set(signature, shape)
    }
    const order = shape.order
    const strings: string[] = []
    for (let i = 0; i < order.length; i++) {
      const v = values[order[i]!]
      strings.push(typeof v === 'string' ? v : tagString(v))
    }
    if (strings.length === 2) return this.lookup2(shape.set, strings[0]!, strings[1]!)
    if (strings.length === 1) return this.lookup1(shape.set, strings[0]!)
    for (let i = 0; i < strings.length; i++) {
      if (strings[i]!.length > MAX_TAG_VALUE_LENGTH) {
        this.noticeTruncation()
        strings[i] = truncateTagValue(strings[i]!)
      }
    }
    return this.lookupJoined(shape.set, joinKey(strings))
  }

  /** The key set for sorted `keys`, or null when it does not exist and the table is full. */
  private keySet(keys: readonly string[]): KeySet<TSeries> | null {
    const signature = joinKey(keys)
    let set = this.sets.get(signature)
    if (set === undefined) {
      if (this.size >= this.limit) return null
      set = { owner: this.factory, keys, map: new Map(), nested: new Map(), recent: null }
      this.sets.set(signature, set)
    }
    return set
  }

  private create(set: KeySet<TSeries>, key: string): TSeries {
    if (this.size >= this.limit) return this.overflowed()
    const created = this.factory.createSeries(set, this.factory.ctx.clock.now())
    set.map.set(key, created)
    this.size++
    return created
  }

  private createEmpty(): TSeries {
    if (this.size >= this.limit) return this.overflowed()
    this.empty = this.factory.createSeries(this.emptySet, this.factory.ctx.clock.now())
    this.size++
    return this.empty
  }

  private overflowed(): TSeries {
    const ctx = this.factory.ctx
    ctx.counters.overflowed++
    if (!this.overflowNoticed) {
      this.overflowNoticed = true
      ctx.report(
        TelemetryErrorCode.DATA_DROPPED,
        `metric ${this.factory.name} reached its cardinality limit of ${this.limit} series; new tag sets go to the overflow series`,
        { metric: this.factory.name, limit: this.limit, reason: 'cardinality_limit' },
      )
    }
    if (this.overflow === null) {
      const set: KeySetInfo = { owner: this.factory, keys: OVERFLOW_KEYS }
      this.overflow = this.factory.createSeries(set, ctx.clock.now())
    }
    return this.overflow
  }

  private noticeTruncation(): void {
    if (this.truncationNoticed) return
    this.truncationNoticed = true
    this.factory.ctx.report(
      TelemetryErrorCode.DATA_DROPPED,
      `metric ${this.factory.name}: a tag value longer than ${MAX_TAG_VALUE_LENGTH} characters was truncated`,
      { metric: this.factory.name, limit: MAX_TAG_VALUE_LENGTH, reason: 'tag_value_too_long' },
    )
  }

  private badTags(tags: unknown): TSeries {
    this.factory.ctx.counters.rejected++
    this.factory.ctx.report(
      TelemetryErrorCode.INVALID_INPUT,
      `metric ${this.factory.name}: tags must be a plain object, got ${Array.isArray(tags) ? 'array' : typeof tags}; recorded without tags`,
      { metric: this.factory.name },
    )
    return this.empty ?? this.createEmpty()
  }
}

/** `value`, cut to the tag value bound when longer. */
function bounded(value: string): string {
  return value.length > MAX_TAG_VALUE_LENGTH ? truncateTagValue(value) : value
}
