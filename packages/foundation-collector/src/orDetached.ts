import { createTelemetry, type Telemetry } from '@foundation-telemetry/core'

/**
 * `build(t, options)`; when the host or the options cannot be read (a throwing Proxy or getter),
 * the same object built on a detached telemetry instance with `fallbackOptions`, so the caller
 * gets a working, inert result instead of an exception.
 */
export function orDetached<THost, TOptions, TResult>(
  build: (t: THost | Telemetry, options: TOptions) => TResult,
  t: THost,
  options: TOptions,
  fallbackOptions: TOptions,
): TResult {
  try {
    return build(t, options)
  } catch {
    return build(createTelemetry({ env: {} }), fallbackOptions)
  }
}
