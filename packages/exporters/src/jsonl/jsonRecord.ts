/**
 * JSON serialisation that cannot throw: circular references, bigints, errors and other values
 * `JSON.stringify` rejects are turned into plain descriptions.
 */

/** Stringify `value` as one JSON line; never throws. */
export function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value, describe)
  } catch {
    // A cycle (or a throwing toJSON): fall back to the cycle-aware replacer below.
  }
  // Shared (non-circular) objects are also described as circular here; only reached after a failure.
  const seen = new WeakSet<object>()
  try {
    return JSON.stringify(value, (key, raw: unknown) => {
      const item = describe(key, raw)
      if (item !== null && typeof item === 'object') {
        if (seen.has(item)) return '[Circular]'
        seen.add(item)
      }
      return item
    })
  } catch (error) {
    return JSON.stringify({ unserializable: String(error) })
  }
}

function describe(_key: string, item: unknown): unknown {
  if (typeof item === 'bigint') return item.toString()
  if (item instanceof Error) return { name: item.name, message: item.message }
  return item
}
