/**
 * The one reader of an options object that came from the host program: each key is read once,
 * under its own guard, so a throwing getter or Proxy trap costs that key only and the caller
 * decides what an unreadable key means (the sampler's factories drop the key and report it; the
 * attach helpers and `createTelemetry` take the defaults for all). Read at configuration time,
 * never on a hot path.
 */

/** What {@link readOptionKeys} read. */
export interface ReadOptionKeys<TOptions extends object> {
  /** The keys that could be read and are set, as plain values. */
  options: Partial<TOptions>
  /** Keys whose read threw, in order; `['options']` for a value that is not an object at all. */
  unreadable: string[]
  /** The first error a read threw, when one did. */
  error?: unknown
}

/**
 * `keys` copied from `value`, each read under a guard. An object or a function is read;
 * `undefined` gives nothing; any other value gives nothing and `unreadable: ['options']`.
 * Never throws.
 *
 * @example
 * const { options, unreadable } = readOptionKeys<{ rate?: number }>(userOptions, ['rate'])
 */
export function readOptionKeys<TOptions extends object>(
  value: unknown,
  keys: readonly (keyof TOptions & string)[],
): ReadOptionKeys<TOptions> {
  const options: Partial<TOptions> = {}
  const unreadable: string[] = []
  if ((typeof value !== 'object' || value === null) && typeof value !== 'function')
    return { options, unreadable: value === undefined ? unreadable : ['options'] }
  let error: unknown
  let failed = false
  try {
    for (const key of keys) {
      try {
        const v = (value as Record<string, unknown>)[key]
        if (v !== undefined) options[key] = v as TOptions[typeof key]
      } catch (e) {
        if (!failed) error = e
        failed = true
        unreadable.push(String(key))
      }
    }
  } catch (e) {
    // The key list itself could not be walked (not a list, or a hostile one): nothing more is read.
    if (!failed) error = e
    failed = true
    unreadable.push('options')
  }
  return failed ? { options, unreadable, error } : { options, unreadable }
}
