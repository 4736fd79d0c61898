/**
 * Tag-shape learning: which key set a tag object's keys belong to, and in which order its values
 * are read, learnt once per shape instead of sorting keys per call.
 *
 * - Undeclared keys, one or two of them: the last shape seen is kept by identity of its key
 *   strings (`for...in` hands out the same interned strings each time), so a call site that always
 *   passes `{ agent_id, action }` pays two string-pointer compares to learn the sorted order.
 *   Shapes met before (up to {@link MAX_SHAPES}) are remembered by key, so call sites that
 *   alternate between two shapes on one instrument relearn with a map lookup per key.
 * - Any other walked shape: its iteration-order key list maps to a sort permutation; the last one
 *   is compared key by key before the signature map is consulted.
 * - Declared keys that are only partly present: the subset (a bit mask over the sorted declared
 *   keys) maps to its key set.
 */
import type { KeySet } from './seriesIndex.ts'
import { joinKey, sortOrder } from './tagKey.ts'

/** Shapes of each kind cached per instrument; more are resolved without caching. */
const MAX_SHAPES = 64
/** Declared keys past this many are matched through the walked path when some are missing. */
export const MAX_MASKED_KEYS = 30

/** Where shapes find (or, below the cardinality limit, create) their key sets. */
export interface KeySets<TSeries> {
  /** The key set of sorted `keys`, or null when it does not exist and the table is full. */
  keySet(keys: readonly string[]): KeySet<TSeries> | null
}

/** A walked shape: its key set and, per sorted key, the index of that key in iteration order. */
export interface Shape<TSeries> {
  readonly set: KeySet<TSeries>
  readonly order: readonly number[]
}

/** The shapes one instrument has met. */
export class TagShapes<TSeries> {
  /** The last one-key shape: its key and set. */
  k1: string | undefined = undefined
  set1: KeySet<TSeries> | null = null
  /** The last two-key shape: its keys in iteration order, its set, whether the order is reversed. */
  ka: string | undefined = undefined
  kb: string | undefined = undefined
  set2: KeySet<TSeries> | null = null
  swap2 = false
  private readonly sets: KeySets<TSeries>
  private readonly walked = new Map<string, Shape<TSeries>>()
  private lastKeys: readonly string[] = []
  private lastShape: Shape<TSeries> | null = null
  private readonly subsets = new Map<number, KeySet<TSeries>>()
  /**
   * Learnt one- and two-key shapes by iteration-order keys (`null` second key for one key), so
   * alternating shapes relearn cheaply; {@link MAX_SHAPES} of them at most.
   */
  private readonly learnt = new Map<string, Map<string | null, KeySet<TSeries>>>()
  private learntShapes = 0

  constructor(sets: KeySets<TSeries>) {
    this.sets = sets
  }

  /** Learn a one-key shape; null when its set cannot be created. */
  learn1(key: string): KeySet<TSeries> | null {
    const set = this.shapeSet(key, null)
    if (set === null) return null
    this.k1 = key
    this.set1 = set
    return set
  }

  /** Learn a two-key shape from its iteration-order keys; null when its set cannot be created. */
  learn2(ka: string, kb: string): KeySet<TSeries> | null {
    const set = this.shapeSet(ka, kb)
    if (set === null) return null
    this.ka = ka
    this.kb = kb
    this.set2 = set
    this.swap2 = kb < ka
    return set
  }

  /**
   * The key set of a one-key (`kb` null) or two-key shape, remembered by its keys (up to
   * {@link MAX_SHAPES}); null when it does not exist and the table is full.
   */
  private shapeSet(ka: string, kb: string | null): KeySet<TSeries> | null {
    const known = this.learnt.get(ka)?.get(kb)
    if (known !== undefined) return known
    const set = this.sets.keySet(kb === null ? [ka] : kb < ka ? [kb, ka] : [ka, kb])
    if (set !== null && this.learntShapes < MAX_SHAPES) {
      const byFirst = this.learnt.get(ka)
      if (byFirst === undefined) this.learnt.set(ka, new Map([[kb, set]]))
      else byFirst.set(kb, set)
      this.learntShapes++
    }
    return set
  }

  /** The shape of iteration-order `keys` (not kept by the caller), or null when the table is full. */
  walkedShape(keys: readonly string[]): Shape<TSeries> | null {
    const last = this.lastKeys
    if (last.length === keys.length && this.lastShape !== null) {
      let i = 0
      while (i < keys.length && last[i] === keys[i]) i++
      if (i === keys.length) return this.lastShape
    }
    const signature = joinKey(keys)
    let shape = this.walked.get(signature)
    if (shape === undefined) {
      const order = sortOrder(keys)
      const set = this.sets.keySet(order.map((i) => keys[i] as string))
      if (set === null) return null
      shape = { set, order }
      if (this.walked.size < MAX_SHAPES) this.walked.set(signature, shape)
    }
    this.lastKeys = keys.slice()
    this.lastShape = shape
    return shape
  }

  /**
   * The key set of the declared keys (sorted) whose bit is set in `mask`, or null when the table
   * is full. `declared` has at most {@link MAX_MASKED_KEYS} keys.
   */
  subset(declared: readonly string[], mask: number): KeySet<TSeries> | null {
    const known = this.subsets.get(mask)
    if (known !== undefined) return known
    const set = this.sets.keySet(declared.filter((_, i) => (mask & (1 << i)) !== 0))
    if (set !== null && this.subsets.size < MAX_SHAPES) this.subsets.set(mask, set)
    return set
  }
}
