/**
 * One adapter per (telemetry, library object): instrumenting the same object twice returns the
 * first disposer instead of adding a second set of listeners, so nothing is counted twice.
 */
import { describeError, invalidInput, reportAttachFailure, type Telemetry } from '@foundation-telemetry/core'

/** Removes everything an `instrument*` call added. Idempotent. */
export type Dispose = () => void

const registry = new WeakMap<object, WeakMap<object, Dispose>>()

/** The disposer already installed for `t` on `target`, if any. */
export function existingDisposer(t: Telemetry, target: object): Dispose | undefined {
  return registry.get(target)?.get(t)
}

/**
 * Remember `dispose` for `t` on `target` and on `parts` (objects instrumented along with it, such
 * as the policies inside a wrap); the returned disposer also forgets them all.
 */
export function remember(
  t: Telemetry,
  target: object,
  dispose: Dispose,
  parts: readonly object[] = [],
): Dispose {
  const targets = [target, ...parts]
  let disposed = false
  const once: Dispose = () => {
    if (disposed) return
    disposed = true
    for (const each of targets) if (registry.get(each)?.get(t) === once) registry.get(each)?.delete(t)
    try {
      dispose()
    } catch {
      // Removing listeners from a foreign object must not break the host either.
    }
  }
  for (const each of targets) {
    let byTelemetry = registry.get(each)
    if (byTelemetry === undefined) {
      byTelemetry = new WeakMap()
      registry.set(each, byTelemetry)
    }
    byTelemetry.set(t, once)
  }
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

/** What `target` is, for a report: its class name, or its type. */
function describeTarget(target: unknown): string {
  if (target === null) return 'null'
  if (typeof target !== 'object') return typeof target
  try {
    return target.constructor?.name ?? 'object'
  } catch {
    return 'object'
  }
}

/** Report bad input to an adapter (`api` names it) through the telemetry's error hook. Never throws. */
export function reportInvalid(t: Telemetry, api: string, message: string, target: unknown): void {
  try {
    t.reportError(
      invalidInput(`${api}: ${message}`, {
        api,
        object: describeTarget(target),
      }),
    )
  } catch {
    // Nowhere left to report to.
  }
}

/**
 * Run `install` (adding an adapter's listeners to `target`). A throw midway is reported as `could
 * not attach` and what was added before it stays, so the disposer still removes it.
 */
export function installOrReport(t: Telemetry, api: string, target: unknown, install: () => void): void {
  try {
    install()
  } catch (error) {
    reportInvalid(t, api, `could not attach: ${describeError(error).message}`, target)
  }
}

/** What an adapter accepts, what it reports when the arguments will not do, and how it attaches. */
export interface AdapterSpec<TTarget extends object, TOptions> {
  /** The exported function, e.g. `instrumentOpossum`: reports name it. */
  readonly api: string
  /** Whether `value` is the library object the adapter takes. */
  readonly accepts: (value: unknown) => value is TTarget
  /** The report when it is not, e.g. `not an opossum CircuitBreaker`. */
  readonly notTarget: string
  /** The report when neither `options.name` nor {@link AdapterSpec.defaultName} gives a name. */
  readonly noName: string
  /** The target's own name, used when `options.name` is not given. */
  readonly defaultName?: (target: TTarget) => unknown
  /** Attach to a checked `target` under `name`; returns what removes it all. */
  readonly attach: (t: Telemetry, target: TTarget, options: TOptions, name: string) => Dispose
}

/**
 * The entry every library adapter shares: check the telemetry and the target, return the
 * disposer already installed for them, require a name, then `spec.attach`. Never throws: bad or
 * hostile arguments are reported where possible and nothing is attached.
 */
export function instrumentTarget<TTarget extends object, TOptions>(
  t: Telemetry,
  target: unknown,
  options: TOptions,
  spec: AdapterSpec<TTarget, TOptions>,
): Dispose {
  try {
    if (typeof t?.reportError !== 'function' || typeof t.startSpan !== 'function') return noop
    if (!spec.accepts(target)) {
      reportInvalid(t, spec.api, spec.notTarget, target)
      return noop
    }
    const existing = existingDisposer(t, target)
    if (existing !== undefined) return existing
    const name = nameOption(options, spec.defaultName?.(target))
    if (name === undefined) {
      reportInvalid(t, spec.api, spec.noName, target)
      return noop
    }
    return spec.attach(t, target, options, name)
  } catch (error) {
    // Hostile arguments (a getter or proxy trap that throws): report where possible, attach nothing.
    reportAttachFailure(t, spec.api, error)
    return noop
  }
}
