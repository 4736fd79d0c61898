/**
 * The attempt a cockatiel retry policy is on, which its events do not carry: the adapter's
 * `execute` counts the attempts of each execution in an async context, where the listeners of
 * that execution read them.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import type { Execute } from './policyHooks.ts'

/** The attempt a retry policy is on, for the execution running in this async context. */
const running = new AsyncLocalStorage<{ attempt: number }>()

/** The attempt of the counted execution running here; 1 outside any. */
export function currentAttempt(): number {
  return running.getStore()?.attempt ?? 1
}

/** `original` (a retry policy's `execute`) counting each attempt of an execution for {@link currentAttempt}. */
export function countingAttempts(original: Execute): Execute {
  return function (this: unknown, fn, signal) {
    const state = { attempt: 0 }
    return running.run(state, () =>
      original.call(
        this,
        (context) => {
          state.attempt = (context?.attempt ?? state.attempt) + 1
          return fn(context)
        },
        signal,
      ),
    )
  }
}
