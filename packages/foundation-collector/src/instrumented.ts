/**
 * One adapter per (telemetry, library object): instrumenting the same object twice returns the
 * first disposer instead of adding a second set of listeners, so nothing is counted twice.
 */
import type { Telemetry } from '@foundation-telemetry/core'

/** Removes everything an `instrument*` call added. Idempotent. */
export type Dispose = () => void

const registry = new WeakMap<object, WeakMap<object, Dispose>>()

/** The disposer already installed for `t` on `target`, if any. */
export function existingDisposer(t: Telemetry, target: object): Dispose | undefined {
  return registry.get(target)?.get(t)
}

/** Remember `dispose` for `t` on `target`; the returned disposer also forgets it. */
export function remember(t: Telemetry, target: object, dispose: Dispose): Dispose {
  let byTelemetry = registry.get(target)
  if (byTelemetry === undefined) {
    byTelemetry = new WeakMap()
    registry.set(target, byTelemetry)
  }
  let disposed = false
  const once: Dispose = () => {
    if (disposed) return
    disposed = true
    if (registry.get(target)?.get(t) === once) registry.get(target)?.delete(t)
    try {
      dispose()
    } catch {
      // Removing listeners from a foreign object must not break the host either.
    }
  }
  byTelemetry.set(t, once)
  return once
}

/** A disposer that does nothing, for calls that attached nothing. */
export const noop: Dispose = () => {}

/** `options.name` when it is a non-empty string, else `fallback` (which may be undefined). */
export function nameOption(options: unknown, fallback: unknown): string | undefined {
  const name = (options as { name?: unknown } | null | undefined)?.name
  if (typeof name === 'string' && name !== '') return name
  return typeof fallback === 'string' && fallback !== '' ? fallback : undefined
}
