/**
 * How tag objects become series keys. A series is identified by its sorted tag keys (shared by
 * every series with the same key set) plus a values key: the stringified values in sorted-key
 * order joined with NUL. One-tag series use the value itself as the key, so the common case
 * builds no string at all.
 */

/** Separates values inside a series key. */
export const SEPARATOR = '\u0000'

/**
 * The predictable string form of a tag value: strings as they are, everything else through
 * `String(v)`. A value whose `toString` throws becomes `'[invalid]'` instead of throwing.
 */
export function tagString(value: unknown): string {
  if (typeof value === 'string') return value
  try {
    return String(value)
  } catch {
    return '[invalid]'
  }
}

/**
 * The tags object of a series, keys sorted, rebuilt from its sorted keys and the values the
 * series table keyed it by: `a` alone (one tag), `a` and `b` (two tags), or `a` holding every
 * value joined with NUL (three or more).
 */
export function tagsOf(keys: readonly string[], a: string, b: string): Record<string, string> {
  const tags: Record<string, string> = {}
  if (keys.length === 0) return tags
  if (keys.length === 1) {
    tags[keys[0]!] = a
    return tags
  }
  if (keys.length === 2) {
    tags[keys[0]!] = a
    tags[keys[1]!] = b
    return tags
  }
  const key = a
  const values = key.split(SEPARATOR)
  // A value that itself contained NUL splits into too many parts: keep the tail together.
  for (let i = 0; i < keys.length; i++) {
    tags[keys[i]!] = i === keys.length - 1 ? values.slice(i).join(SEPARATOR) : (values[i] ?? '')
  }
  return tags
}

/** The permutation that sorts `keys` (code-unit order), as indexes into `keys`. */
export function sortOrder(keys: readonly string[]): number[] {
  return keys.map((_, i) => i).sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : 0))
}
