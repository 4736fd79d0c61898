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

/** What a traced call reports its end to (a span run, a task, a message's processing). */
export interface CallOutcome {
  /** The call returned, or the thenable it returned fulfilled. */
  ok(): void
  /** The thenable the call returned rejected with `error` (or its `then` threw it). */
  fail(error: unknown): void
}

/**
 * `result`, what a traced call returned, with `outcome` told how the call ends: `ok()` at once for
 * a plain value; for a thenable, `ok()` when it fulfils or `fail(error)` when it rejects. A promise
 * comes back as the promise of that chain; another thenable is adopted (see
 * {@link catchRejection}), so the caller gets a promise even from a `then` that returns nothing,
 * and a `then` that throws becomes its rejection. The value or the error reaches the caller
 * unchanged. A throw of the call itself is the caller's to report (`fail`, then rethrow).
 */
export function settleWith<T>(result: T, outcome: CallOutcome): T {
  if (!isThenable(result)) {
    tellOk(outcome)
    return result
  }
  const ok = (value: unknown) => {
    tellOk(outcome)
    return value
  }
  const fail = (error: unknown) => {
    tellFail(outcome, error)
    throw error
  }
  try {
    return (result instanceof Promise ? result.then(ok, fail) : Promise.resolve(result).then(ok, fail)) as T
  } catch (error) {
    // A promise subclass whose `then` throws.
    return fail(error)
  }
}

// Telling the outcome must not change what the caller gets: an outcome that throws (or is no
// outcome) is its own failure, and the host's value or error still reaches the host.

function tellOk(outcome: CallOutcome): void {
  try {
    outcome.ok()
  } catch {}
}

function tellFail(outcome: CallOutcome, error: unknown): void {
  try {
    outcome.fail(error)
  } catch {}
}
