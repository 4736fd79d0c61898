import { describeError, TelemetryErrorCode } from '@foundation-telemetry/core'
import type { OnceReporter } from './reportOnce.ts'

/**
 * A listener of ours as a library calls it: a throw goes to `onThrow` and never reaches the
 * library (a cockatiel policy's execution, bottleneck's emitter), and the result is always
 * undefined (bottleneck reads a `failed` listener's result as a retry delay, and ours must never
 * ask for one). Two parameters rather than rest ones, so an event allocates no arguments array:
 * the adapters' listeners read at most two.
 */
export function guardListener<TFirst, TSecond>(
  listener: (first: TFirst, second: TSecond) => unknown,
  onThrow: (error: unknown) => void,
): (first: TFirst, second?: TSecond) => undefined {
  return (first, second) => {
    try {
      listener(first, second as TSecond)
    } catch (error) {
      onThrow(error)
    }
    return undefined
  }
}

/** A listener as an adapter writes it: it reads at most two of the library's arguments. */
export type AdapterListener = (first: never, second: never) => unknown

/** A guarded listener as the library calls it, with whatever arguments its event has. */
export type LibraryListener = (first?: unknown, second?: unknown) => undefined

/**
 * An adapter's listeners, by event name, each guarded by {@link guardListener}: a throw is
 * reported once per event through `reporter` (as `<name>: <event> listener failed`, with `source`,
 * the adapter's API), and no listener returns a value.
 */
export function guardListeners(
  listeners: Record<string, AdapterListener>,
  name: string,
  source: string,
  reporter: OnceReporter,
): Record<string, LibraryListener> {
  const out: Record<string, LibraryListener> = {}
  for (const [event, listener] of Object.entries(listeners)) {
    // The library passes each listener its event's own arguments: the ones the listener was written for.
    out[event] = guardListener(listener as (first: unknown, second: unknown) => unknown, (error) =>
      reporter.report(
        `listener:${event}`,
        TelemetryErrorCode.HANDLER_FAILURE,
        `${name}: ${event} listener failed`,
        {
          source,
          error: describeError(error).message,
        },
      ),
    )
  }
  return out
}
