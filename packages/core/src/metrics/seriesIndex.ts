/**
 * The series index of one instrument: its key sets (one per sorted list of tag keys) and, in
 * each, the series by tag values. One key: `map` holds value -> series. Two keys: `nested` holds
 * first value -> (second value -> series). Three or more: `map` holds the joined values.
 *
 * Lookups here only find; creating a series (and the limits around it) is the table's business.
 * Series are never removed, so a remembered lookup never goes stale.
 */
import type { KeySetInfo, SeriesOwner } from './series.ts'
import { joinKey } from './tagKey.ts'

/** The series of one sorted key list. */
export interface KeySet<TSeries> extends KeySetInfo {
  readonly map: Map<string, TSeries>
  readonly nested: Map<string, Map<string, TSeries>>
  /**
   * Two or more keys: a direct-mapped cache of recent lookups, the values then the series per
   * slot, allocated on the first hit past it (`null` until then). A slot holds the last tuple
   * that landed in it. `false` once the set's series crowd its slots (see {@link noteSlot}):
   * lookups then go straight to the index.
   */
  recent: unknown[] | null | false
  /** Two or more keys, while the cache is on: how many of the set's series hash to each slot. */
  slotUse: Uint8Array | null
  /** Series in the set (two or more keys). */
  size: number
  /** Of those, the series that share their slot with another. */
  crowded: number
}

/** Slots of a key set's recent-lookup cache: 2^RECENT_BITS. */
const RECENT_BITS = 7
const RECENT_SLOTS = 1 << RECENT_BITS
/**
 * The cache turns off for good once more than 1 in CROWDED_SHARE of the set's series share a
 * slot. Series that share a slot evict each other, so under steady traffic that share of lookups
 * would miss, and a miss costs the index lookup plus the cache's own work.
 */
const CROWDED_SHARE = 4

/** The mix of one value into a slot hash: its length and last character (NaN for '' is 0). */
function mix(hash: number, value: string): number {
  return Math.imul(hash ^ (value.charCodeAt(value.length - 1) | 0) ^ (value.length << 16), 0x9e3779b1)
}

/**
 * The slot of a value pair: lengths and last characters mixed by a Fibonacci multiply, so pairs
 * that differ in any of them spread evenly. Pairs that differ only elsewhere (`agent-12` and
 * `agent-32`) share a slot.
 */
function pairSlot(first: string, second: string): number {
  const mixed =
    (first.charCodeAt(first.length - 1) | 0) ^
    ((second.charCodeAt(second.length - 1) | 0) << 8) ^
    (first.length << 16) ^
    (second.length << 24)
  return Math.imul(mixed, 0x9e3779b1) >>> (32 - RECENT_BITS)
}

/** The slot of a value tuple. */
function tupleSlot(values: readonly string[]): number {
  let hash = 0
  for (let i = 0; i < values.length; i++) hash = mix(hash, values[i] as string)
  return hash >>> (32 - RECENT_BITS)
}

function recentOf<TSeries>(set: KeySet<TSeries>, width: number): unknown[] {
  if (!set.recent) set.recent = new Array<unknown>(RECENT_SLOTS * width).fill(undefined)
  return set.recent
}

/**
 * Count a new series of a set of two or more keys in its slot, and turn the set's cache off
 * once more than 1 in {@link CROWDED_SHARE} of its series share a slot.
 */
function noteSlot<TSeries>(set: KeySet<TSeries>, slot: number): void {
  set.size++
  if (set.recent === false) return
  if (set.slotUse === null) set.slotUse = new Uint8Array(RECENT_SLOTS)
  const before = set.slotUse[slot] as number
  if (before < 255) set.slotUse[slot] = before + 1
  if (before > 0) set.crowded += before === 1 ? 2 : 1
  if (set.crowded * CROWDED_SHARE > set.size) {
    set.recent = false
    set.slotUse = null
  }
}

/** The series of a one-key set by value, if it exists. */
export function find1<TSeries>(set: KeySet<TSeries>, value: string): TSeries | undefined {
  return set.map.get(value)
}

/** The series of a two-key set by values (in sorted-key order), if it exists. */
export function find2<TSeries>(set: KeySet<TSeries>, first: string, second: string): TSeries | undefined {
  const recent = set.recent
  if (recent === false) return set.nested.get(first)?.get(second)
  const slot = pairSlot(first, second) * 3
  if (recent !== null && recent[slot] === first && recent[slot + 1] === second)
    return recent[slot + 2] as TSeries
  const series = set.nested.get(first)?.get(second)
  if (series !== undefined) {
    const into = recentOf(set, 3)
    into[slot] = first
    into[slot + 1] = second
    into[slot + 2] = series
  }
  return series
}

/** The series of a set of three or more keys by values (in sorted-key order), if it exists. */
export function findN<TSeries>(set: KeySet<TSeries>, values: readonly string[]): TSeries | undefined {
  const recent = set.recent
  if (recent === false) return set.map.get(joinKey(values))
  const n = values.length
  const slot = tupleSlot(values) * (n + 1)
  if (recent !== null) {
    let i = 0
    while (i < n && recent[slot + i] === values[i]) i++
    if (i === n) return recent[slot + n] as TSeries
  }
  const series = set.map.get(joinKey(values))
  if (series !== undefined) {
    const into = recentOf(set, n + 1)
    for (let i = 0; i < n; i++) into[slot + i] = values[i]
    into[slot + n] = series
  }
  return series
}

/** Store a new series under its (already bounded) values, in sorted-key order. */
export function insert<TSeries>(set: KeySet<TSeries>, values: readonly string[], series: TSeries): void {
  if (values.length === 2) {
    const [first, second] = values as [string, string]
    const inner = set.nested.get(first)
    if (inner === undefined) set.nested.set(first, new Map([[second, series]]))
    else inner.set(second, series)
    noteSlot(set, pairSlot(first, second))
  } else if (values.length === 1) set.map.set(values[0] as string, series)
  else {
    set.map.set(joinKey(values), series)
    noteSlot(set, tupleSlot(values))
  }
}

/** Every key set of one instrument, by sorted key list. */
export class SeriesIndex<TSeries> {
  private readonly sets = new Map<string, KeySet<TSeries>>()
  private readonly owner: SeriesOwner

  constructor(owner: SeriesOwner) {
    this.owner = owner
  }

  /** The key set of sorted `keys`, if it exists. */
  get(keys: readonly string[]): KeySet<TSeries> | undefined {
    return this.sets.get(joinKey(keys))
  }

  /** The key set of sorted `keys`, created if new. */
  add(keys: readonly string[]): KeySet<TSeries> {
    const signature = joinKey(keys)
    let set = this.sets.get(signature)
    if (set === undefined) {
      set = {
        owner: this.owner,
        keys,
        map: new Map(),
        nested: new Map(),
        recent: null,
        slotUse: null,
        size: 0,
        crowded: 0,
      }
      this.sets.set(signature, set)
    }
    return set
  }

  /** The existing series of sorted `keys` with (bounded) `values`; no cache is touched. */
  find(keys: readonly string[], values: readonly string[]): TSeries | undefined {
    const set = this.get(keys)
    if (set === undefined) return undefined
    if (values.length === 2) return set.nested.get(values[0] as string)?.get(values[1] as string)
    return set.map.get(values.length === 1 ? (values[0] as string) : joinKey(values))
  }

  /**
   * Visit every series with its sorted keys and the values it is keyed by (see `tagsOf`), in
   * creation order per key set.
   */
  forEach(fn: (series: TSeries, keys: readonly string[], a: string, b: string) => void): void {
    for (const set of this.sets.values()) {
      for (const [a, series] of set.map) fn(series, set.keys, a, '')
      for (const [a, inner] of set.nested) for (const [b, series] of inner) fn(series, set.keys, a, b)
    }
  }
}
