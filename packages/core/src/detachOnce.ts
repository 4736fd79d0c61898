/**
 * One `detach` for something attached in several parts (handlers, metric definitions, gauges).
 */

/**
 * A `detach` that calls each of `detachers` in order the first time it runs and does nothing
 * after, so a collector's `detach()` is idempotent. Entries that are not functions are skipped.
 */
export function detachOnce(detachers: ReadonlyArray<() => void>): () => void {
  let detached = false
  return () => {
    if (detached) return
    detached = true
    if (!Array.isArray(detachers)) return
    for (const detach of detachers) if (typeof detach === 'function') detach()
  }
}
