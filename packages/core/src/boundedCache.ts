/**
 * A memo of derived values (redacted strings, key classes, event names) that cannot grow without
 * bound: keys usually repeat (field names, metric names), but where they come from data they may
 * not, so past `limit` entries the cache starts over. Starting over costs one recomputation per
 * key still in use, and never a per-entry bookkeeping cost on the hot path (no LRU list).
 *
 * @example
 * const names = new BoundedCache<string, string>(10_000)
 * const sanitized = names.get(name) ?? names.set(name, sanitize(name))
 */
export class BoundedCache<K, V> {
  private readonly entries = new Map<K, V>()
  private readonly limit: number

  /** @param limit Entries kept at most; anything but a number of at least 1 keeps one. */
  constructor(limit: number) {
    this.limit = typeof limit === 'number' && limit >= 1 ? Math.floor(limit) : 1
  }

  /** The value remembered for `key`, if any. */
  get(key: K): V | undefined {
    return this.entries.get(key)
  }

  /** Remember `value` for `key` (starting over first when full); returns `value`. */
  set(key: K, value: V): V {
    if (this.entries.size >= this.limit) this.entries.clear()
    this.entries.set(key, value)
    return value
  }

  /** Entries remembered now. */
  get size(): number {
    return this.entries.size
  }
}
