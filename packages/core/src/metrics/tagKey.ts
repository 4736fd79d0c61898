/**
 * How tag objects become series keys. A series is identified by its sorted tag keys (shared by
 * every series with the same key set) plus a values key: the stringified values in sorted-key
 * order, length-prefixed so that every distinct list of values gets a distinct key. One- and
 * two-tag series use the values themselves as keys, so the common cases build no string at all.
 */

/**
 * The longest tag value kept, in UTF-16 code units; longer values are cut and end with
 * {@link TAG_TRUNCATED_MARKER}, so one caller cannot make a series (and every scrape) megabytes.
 */
export const MAX_TAG_VALUE_LENGTH = 1024
/** What a truncated tag value ends with. */
export const TAG_TRUNCATED_MARKER = '...[truncated]'

/** `value` cut to {@link MAX_TAG_VALUE_LENGTH} with the marker (never splitting a surrogate pair). */
export function truncateTagValue(value: string): string {
  let end = MAX_TAG_VALUE_LENGTH - TAG_TRUNCATED_MARKER.length
  const last = value.charCodeAt(end - 1)
  if (last >= 0xd800 && last <= 0xdbff) end--
  return value.slice(0, end) + TAG_TRUNCATED_MARKER
}

/**
 * One string for a list of strings, injective for every input: each part is written as its
 * length, `:`, then the part itself. Joining with a separator is not: `['x\0y', 'z']` and
 * `['x', 'y\0z']` would meet. Used for series keys of three or more tags and for key-set
 * signatures, both off the one- and two-tag hot paths.
 */
export function joinKey(parts: readonly string[]): string {
  let out = ''
  for (let i = 0; i < parts.length; i++) out += `${parts[i]!.length}:${parts[i]!}`
  return out
}

/** The parts of a {@link joinKey} string. */
export function splitKey(key: string): string[] {
  const parts: string[] = []
  let at = 0
  while (at < key.length) {
    const colon = key.indexOf(':', at)
    const length = Number(key.slice(at, colon))
    parts.push(key.slice(colon + 1, colon + 1 + length))
    at = colon + 1 + length
  }
  return parts
}

/**
 * Set `target[key]` as an own property whatever the key: assigning `__proto__` would change the
 * prototype instead and the tag would be lost.
 */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
  } else target[key] = value
}

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
 * value as a {@link joinKey} string (three or more).
 */
export function tagsOf(keys: readonly string[], a: string, b: string): Record<string, string> {
  const tags: Record<string, string> = {}
  if (keys.length === 0) return tags
  if (keys.length === 1) {
    setOwn(tags, keys[0]!, a)
    return tags
  }
  if (keys.length === 2) {
    setOwn(tags, keys[0]!, a)
    setOwn(tags, keys[1]!, b)
    return tags
  }
  const values = splitKey(a)
  for (let i = 0; i < keys.length; i++) setOwn(tags, keys[i]!, values[i] ?? '')
  return tags
}

/** The permutation that sorts `keys` (code-unit order), as indexes into `keys`. */
export function sortOrder(keys: readonly string[]): number[] {
  return keys.map((_, i) => i).sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : 0))
}
