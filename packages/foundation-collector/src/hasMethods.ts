/**
 * The duck-typing test the adapters and the collector share: is `value` an object (not null, not
 * a function) whose `methods` are all functions? Reads each property once; a getter that throws
 * propagates, as the callers' own checks did (their entry points catch it).
 */
export function hasMethods<TKey extends string>(
  value: unknown,
  methods: readonly TKey[],
): value is { readonly [K in TKey]: (...args: never[]) => unknown } {
  if (typeof value !== 'object' || value === null) return false
  for (const method of methods)
    if (typeof (value as Record<string, unknown>)[method] !== 'function') return false
  return true
}
