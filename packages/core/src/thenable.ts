/**
 * What user callbacks may return: handlers, processors, hooks and gauge callbacks compile against
 * `void`, so an `async` one returns a promise, and its rejection would otherwise be unhandled,
 * which ends the host process.
 */

/**
 * Whether `value` is a promise or any other thenable (another promise library's). A `then` getter
 * that throws makes it a plain value.
 */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return false
  try {
    // `instanceof` reads the prototype, which a revoked Proxy refuses.
    if (value instanceof Promise) return true
    return typeof (value as PromiseLike<unknown>).then === 'function'
  } catch {
    return false
  }
}

/**
 * Sends the rejection of `result` (a thenable, see {@link isThenable}) to `onRejected`. A promise
 * gets the handler at once; a foreign thenable is adopted through `Promise.resolve`, so a `then`
 * that throws counts as a rejection too.
 */
export function catchRejection(result: PromiseLike<unknown>, onRejected: (error: unknown) => void): void {
  if (result instanceof Promise) result.then(undefined, onRejected)
  else Promise.resolve(result).catch(onRejected)
}

/**
 * What a host callback returned, when its value is not used: a thenable's rejection is dropped
 * (an `async` callback that fails must not become an unhandled rejection); anything else is left.
 */
export function dropRejection(result: unknown): void {
  if (result !== undefined && isThenable(result)) catchRejection(result, ignore)
}

function ignore(): void {}
