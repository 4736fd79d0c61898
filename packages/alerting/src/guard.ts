/**
 * Exported functions never throw into the caller (telemetry never breaks the host): each public
 * entry point runs its body through {@link guarded}. When the body throws on hostile input (a
 * Proxy with throwing traps, a throwing getter or `toString`, a value of the wrong type), the
 * failure is reported through the telemetry's error hook when the arguments carry one
 * (`options.telemetry`), and a safe inert value is returned instead.
 */
import { invalidInput, type Telemetry } from '@foundation-telemetry/core'
import type { Notifier } from './types.ts'

/** `run()`, or `fallback()` after reporting to `options.telemetry` when `run` throws; never throws. */
export function guarded<R>(api: string, options: unknown, run: () => R, fallback: () => R): R {
  try {
    return run()
  } catch (error) {
    report(api, options, error)
    return fallback()
  }
}

function report(api: string, options: unknown, error: unknown): void {
  try {
    if ((typeof options !== 'object' && typeof options !== 'function') || options === null) return
    const telemetry = (options as { telemetry?: Partial<Pick<Telemetry, 'reportError'>> }).telemetry
    if (typeof telemetry?.reportError !== 'function') return
    telemetry.reportError(
      invalidInput(`${api}: arguments could not be used; an inert result is returned`, { api, error }),
    )
  } catch {
    // The arguments or the telemetry object are the broken part: there is nowhere to report to.
  }
}

/** A notifier built from options that could not be used: it sends nothing and never fails. */
export function inertNotifier(name: string): Notifier {
  return { name, send: async () => {} }
}
