/**
 * Exported functions never throw into the caller (telemetry never breaks the host): each public
 * entry point runs its body through {@link guarded}. When the body throws on hostile input (a
 * Proxy with throwing traps, a throwing getter or `toString`, a value of the wrong type), the
 * failure is reported through the telemetry's error hook when the arguments carry one
 * (`options.telemetry`), and a safe inert value is returned instead.
 */
import { reportAttachFailure } from '@foundation-telemetry/core'
import type { Notifier } from './types.ts'

/** `run()`, or `fallback()` after reporting to `options.telemetry` when `run` throws; never throws. */
export function guarded<R>(api: string, options: unknown, run: () => R, fallback: () => R): R {
  try {
    return run()
  } catch (error) {
    reportAttachFailure(telemetryOf(options), api, error, 'an inert result is returned')
    return fallback()
  }
}

/** `options.telemetry`, read without trusting `options`. */
function telemetryOf(options: unknown): unknown {
  try {
    return (options as { telemetry?: unknown } | null | undefined)?.telemetry
  } catch {
    return undefined
  }
}

/** A notifier built from options that could not be used: it sends nothing and never fails. */
export function inertNotifier(name: string): Notifier {
  return { name, send: async () => {} }
}

/**
 * A notifier named `options.name`, else `kind`, with what `build` gives it; when building throws,
 * the inert `kind` notifier (reported as {@link guarded} reports).
 */
export function guardedNotifier(
  api: string,
  kind: string,
  options: { readonly name?: string },
  build: () => Omit<Notifier, 'name'>,
): Notifier {
  return guarded(
    api,
    options,
    () => ({ name: options.name ?? kind, ...build() }),
    () => inertNotifier(kind),
  )
}
