/**
 * What the cockatiel adapter adds to the policies it instruments: event subscriptions and
 * replaced `execute` methods, kept so that disposing removes every one of them.
 */
import type { CockatielEvent } from './cockatiel.ts'
import { guardListener } from './guardedListener.ts'
import { patchMethod } from './methodPatch.ts'

/** A cockatiel policy's `execute`, as the adapter wraps it. */
export type Execute = (fn: (context: { attempt?: number }) => unknown, signal?: unknown) => Promise<unknown>

const ignore = (): void => {}

/** The subscriptions and `execute` replacements of one adapter, undone together. */
export class PolicyHooks {
  private readonly subscriptions: Array<{ dispose(): void }> = []
  private readonly restores: Array<() => void> = []

  /**
   * Subscribe `listener` to cockatiel `event`, when it is one. A throw of the listener is
   * swallowed: a listener of ours must never break the policy's execution.
   */
  listen<T>(event: unknown, listener: (data: T) => void): void {
    if (typeof event !== 'function') return
    this.subscriptions.push((event as CockatielEvent<T>)(guardListener(listener, ignore)))
  }

  /** Replace `policy.execute` by `make(original)` until {@link PolicyHooks.dispose}. */
  replaceExecute(policy: { execute?: unknown }, make: (original: Execute) => Execute): void {
    const patch = patchMethod(policy, 'execute', make(policy.execute as Execute))
    patch.install()
    this.restores.push(patch.restore)
  }

  /** Dispose every subscription, then put every `execute` back. */
  dispose(): void {
    for (const subscription of this.subscriptions.splice(0)) subscription.dispose()
    for (const restore of this.restores.splice(0)) restore()
  }
}
