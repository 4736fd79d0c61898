/**
 * Finds the series for a tag object without sorting, serialising or concatenating it on the hot
 * path. Three parts, each in its own file: which key set a tag object's keys belong to
 * (`tagShapes.ts`), the series of each key set by value (`seriesIndex.ts`), and the cardinality
 * limit with its overflow series (`cardinalityLimit.ts`). Tag order is irrelevant: `{a, b}` and
 * `{b, a}` land in the same series; null and undefined values count as absent.
 *
 * Declared tag keys are read by name (no key walk; undeclared keys are dropped anyway). Undeclared
 * keys are walked with `for...in` (no `Object.keys` array), reading only the key strings first.
 *
 * Values longer than `MAX_TAG_VALUE_LENGTH` are truncated (on the miss path only: a kept series is
 * keyed by the cut value, so a long value looks it up again after cutting), reported once per
 * instrument.
 *
 * Re-entrancy: a tag value's `toString` may record into this same table. Nothing the outer call
 * still needs is read from shared fields after a value is stringified, and the scratch arrays of
 * the walked path are only used by the outermost call.
 */
import { TelemetryErrorCode } from '../errors.ts'
import { CardinalityLimit, OVERFLOW_KEYS, type SeriesFactory } from './cardinalityLimit.ts'
import type { KeySetInfo } from './series.ts'
import { find1, find2, findN, insert, type KeySet, SeriesIndex } from './seriesIndex.ts'
import { MAX_TAG_VALUE_LENGTH, sortOrder, tagString, truncateTagValue } from './tagKey.ts'
import { type KeySets, MAX_MASKED_KEYS, TagShapes } from './tagShapes.ts'

export { OVERFLOW_KEY, type SeriesFactory } from './cardinalityLimit.ts'

function stringOf(value: unknown): string {
  return typeof value === 'string' ? value : tagString(value)
}

/** `value`, cut to the tag value bound when longer. */
function bounded(value: string): string {
  return value.length > MAX_TAG_VALUE_LENGTH ? truncateTagValue(value) : value
}

/** Every series of one instrument, with the cardinality limit. */
export class SeriesTable<TSeries> implements KeySets<TSeries> {
  private readonly factory: SeriesFactory<TSeries>
  private readonly allowed: ReadonlySet<string> | null
  /** The declared tag keys, sorted and unique; null when every key is kept. */
  private readonly declared: readonly string[] | null
  /** Whether exactly two keys are declared (the direct path); then `declaredA` and `declaredB` are they. */
  private readonly declaredPair: boolean
  private readonly declaredA: string
  private readonly declaredB: string
  /** The key set of a call that carries every declared key, once created. */
  private declaredSet: KeySet<TSeries> | null = null
  private readonly index: SeriesIndex<TSeries>
  private readonly shapes: TagShapes<TSeries>
  private readonly limiter: CardinalityLimit<TSeries>
  private readonly emptySet: KeySetInfo
  private empty: TSeries | null = null
  private truncationNoticed = false
  /** Whether the walked path is running (its scratch arrays are in use). */
  private busy = false
  private readonly scratchKeys: string[] = []
  private readonly scratchValues: unknown[] = []

  constructor(factory: SeriesFactory<TSeries>, limit: number, tagKeys: readonly string[] | undefined) {
    this.factory = factory
    this.allowed = tagKeys === undefined ? null : new Set(tagKeys)
    // Read by name, a declared key that every object inherits (`constructor`, `toString`) would
    // find a value in a tag object that lacks it: such instruments walk the keys instead.
    this.declared =
      this.allowed === null || [...this.allowed].some((key) => key in Object.prototype)
        ? null
        : [...this.allowed].sort()
    this.declaredPair = this.declared?.length === 2
    this.declaredA = this.declared?.[0] ?? ''
    this.declaredB = this.declared?.[1] ?? ''
    this.index = new SeriesIndex(factory)
    this.shapes = new TagShapes(this)
    this.limiter = new CardinalityLimit(factory, limit)
    this.emptySet = { owner: factory, keys: [] }
  }

  /** Series created, excluding the overflow series. */
  get size(): number {
    return this.limiter.size
  }

  get limit(): number {
    return this.limiter.limit
  }

  /** Whether only declared tag keys are kept (other keys of a tag object are ignored). */
  get keepsDeclaredKeysOnly(): boolean {
    return this.allowed !== null
  }

  /** Whether new tag sets are being redirected to the overflow series. */
  get overflowing(): boolean {
    return this.limiter.overflowSeries !== null
  }

  /** Allow the next overflow to be reported again (called once per collection). */
  rearmOverflowNotice(): void {
    this.limiter.rearm()
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
   * Undeclared keys: one walk over the keys, then the learnt one- or two-tag shape, or the general
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
    const shapes = this.shapes
    if (n === 2 && ka === shapes.ka && kb === shapes.kb) {
      const va = record[ka]
      const vb = record[kb]
      if (va !== undefined && va !== null && vb !== undefined && vb !== null) {
        // Read before stringifying: a value's toString may record here and relearn the shape.
        const set = shapes.set2!
        const swap = shapes.swap2
        const sa = stringOf(va)
        const sb = stringOf(vb)
        return this.lookup2(set, swap ? sb : sa, swap ? sa : sb)
      }
    }
    if (n === 1 && ka === shapes.k1) {
      const va = record[ka]
      if (va !== undefined && va !== null) return this.lookup1(shapes.set1!, stringOf(va))
    }
    return n === 0 ? (this.empty ?? this.createEmpty()) : this.resolveSlow(record)
  }

  /**
   * Declared keys, read by name. A call carrying every declared key takes the direct path; one
   * missing some takes the key set of the keys it has. Only the two-key case is here: the rest is
   * out of line, so this body stays small enough for the lookup below it to be inlined too.
   */
  private resolveDeclared(tags: Record<string, unknown>): TSeries {
    if (this.declaredPair) {
      const va = tags[this.declaredA]
      const vb = tags[this.declaredB]
      if (va !== undefined && va !== null && vb !== undefined && vb !== null) {
        const set = this.declaredSet ?? this.keySetOfDeclared()
        if (set === null) return this.limiter.overflowed()
        return this.lookup2(set, stringOf(va), stringOf(vb))
      }
    }
    return this.resolveDeclaredOther(tags)
  }

  /** {@link resolveDeclared} for any other count of declared keys, or two with a value absent. */
  private resolveDeclaredOther(tags: Record<string, unknown>): TSeries {
    const keys = this.declared!
    const n = keys.length
    if (n === 1) {
      const va = tags[keys[0]!]
      if (va !== undefined && va !== null) {
        const set = this.declaredSet ?? this.keySetOfDeclared()
        if (set === null) return this.limiter.overflowed()
        return this.lookup1(set, stringOf(va))
      }
    } else if (n === 0) return this.empty ?? this.createEmpty()
    else if (n > 2) {
      // Read every value before stringifying any: a toString may record here.
      const values = new Array<string>(n)
      let i = 0
      for (; i < n; i++) {
        const v = tags[keys[i]!]
        if (v === undefined || v === null) break
        values[i] = v as string
      }
      if (i === n) {
        for (let j = 0; j < n; j++) values[j] = stringOf(values[j])
        const set = this.declaredSet ?? this.keySetOfDeclared()
        if (set === null) return this.limiter.overflowed()
        return this.lookupN(set, values)
      }
    }
    return n > MAX_MASKED_KEYS ? this.resolveMany(tags) : this.resolveDeclaredSubset(tags)
  }

  /** Declared keys, some absent: the key set of those present, by their bit mask. */
  private resolveDeclaredSubset(tags: Record<string, unknown>): TSeries {
    const keys = this.declared!
    const values: unknown[] = []
    let mask = 0
    for (let i = 0; i < keys.length; i++) {
      const v = tags[keys[i]!]
      if (v === undefined || v === null) continue
      mask |= 1 << i
      values.push(v)
    }
    if (values.length === 0) return this.empty ?? this.createEmpty()
    const set = this.shapes.subset(keys, mask)
    if (set === null) return this.limiter.overflowed()
    return this.lookupValues(set, values)
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
      const set = this.shapes.learn1(ka)
      if (set === null) return this.limiter.overflowed()
      return this.lookup1(set, stringOf(va))
    }
    const set = this.shapes.learn2(ka, kb)
    if (set === null) return this.limiter.overflowed()
    const sa = stringOf(va)
    const sb = stringOf(vb)
    return this.shapes.swap2 ? this.lookup2(set, sb, sa) : this.lookup2(set, sa, sb)
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

  /** The walked general path: kept keys in iteration order, their learnt shape, then the values. */
  private resolveManyWith(tags: Record<string, unknown>, keys: string[], values: unknown[]): TSeries {
    this.keptTags(tags, keys, values)
    if (keys.length === 0) return this.empty ?? this.createEmpty()
    const shape = this.shapes.walkedShape(keys)
    if (shape === null) return this.limiter.overflowed()
    const order = shape.order
    const sorted: unknown[] = new Array(order.length)
    for (let i = 0; i < order.length; i++) sorted[i] = values[order[i]!]
    return this.lookupValues(shape.set, sorted)
  }

  /**
   * The tags that count, in iteration order, into `keys` and `values`: keys with a value that is
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
    return this.index.find(
      order.map((i) => keys[i]!),
      order.map((i) => bounded(tagString(values[i]))),
    )
  }

  /**
   * Visit every series with its sorted keys and the values it is keyed by (see `tagsOf`):
   * untagged first, then tagged in creation order per key set, then overflow.
   */
  forEach(fn: (series: TSeries, keys: readonly string[], a: string, b: string) => void): void {
    if (this.empty !== null) fn(this.empty, this.emptySet.keys, '', '')
    this.index.forEach(fn)
    const overflow = this.limiter.overflowSeries
    if (overflow !== null) fn(overflow, OVERFLOW_KEYS, 'true', '')
  }

  /** The key set for sorted `keys`, or null when it does not exist and the table is full. */
  keySet(keys: readonly string[]): KeySet<TSeries> | null {
    return this.index.get(keys) ?? (this.limiter.full ? null : this.index.add(keys))
  }

  /** The series of sorted-key-order `values` (any values, stringified here) in `set`. */
  private lookupValues(set: KeySet<TSeries>, values: unknown[]): TSeries {
    const n = values.length
    if (n === 1) return this.lookup1(set, stringOf(values[0]))
    if (n === 2) return this.lookup2(set, stringOf(values[0]), stringOf(values[1]))
    const strings = new Array<string>(n)
    for (let i = 0; i < n; i++) strings[i] = stringOf(values[i])
    return this.lookupN(set, strings)
  }

  /** The series keyed by tag value `value` in a one-key set, created if new. */
  private lookup1(set: KeySet<TSeries>, value: string): TSeries {
    const found = find1(set, value)
    return found !== undefined ? found : this.miss(set, [value])
  }

  private lookup2(set: KeySet<TSeries>, first: string, second: string): TSeries {
    const found = find2(set, first, second)
    return found !== undefined ? found : this.miss(set, [first, second])
  }

  private lookupN(set: KeySet<TSeries>, values: string[]): TSeries {
    const found = findN(set, values)
    return found !== undefined ? found : this.miss(set, values)
  }

  /** Past the index: a long value is cut and looked up again, then a new series (or overflow). */
  private miss(set: KeySet<TSeries>, values: string[]): TSeries {
    let cut = false
    for (let i = 0; i < values.length; i++) {
      if (values[i]!.length > MAX_TAG_VALUE_LENGTH) {
        values[i] = truncateTagValue(values[i]!)
        cut = true
      }
    }
    if (cut) {
      this.noticeTruncation()
      const found = this.index.find(set.keys, values)
      if (found !== undefined) return found
    }
    // A tag set sent to the overflow series is not indexed: it tries again next time.
    if (this.limiter.full) return this.limiter.overflowed()
    const created = this.limiter.create(set)
    insert(set, values, created)
    return created
  }

  private createEmpty(): TSeries {
    if (this.limiter.full) return this.limiter.overflowed()
    this.empty = this.limiter.create(this.emptySet)
    return this.empty
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
