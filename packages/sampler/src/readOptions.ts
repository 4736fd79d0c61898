import { type Clock, invalidInput, type Telemetry } from '@foundation-telemetry/core'

/** Whether every name is a function on `value`, read under a guard. */
export function hasMethods(value: unknown, names: readonly string[]): boolean {
  try {
    if (typeof value !== 'object' || value === null) return false
    for (const name of names) if (typeof (value as Record<string, unknown>)[name] !== 'function') return false
    return true
  } catch {
    return false
  }
}

/** `value` when it looks like a telemetry instance (the methods the sampler helpers call). */
export function asTelemetry(value: unknown): Telemetry | undefined {
  return hasMethods(value, ['execute', 'reportError', 'span', 'withContext', 'activeSpan'])
    ? (value as Telemetry)
    : undefined
}

/** `value` when it looks like a clock (monotonic time and timers). */
export function asClock(value: unknown): Clock | undefined {
  return hasMethods(value, ['now', 'monotonic', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'])
    ? (value as Clock)
    : undefined
}

/**
 * The `clock` option when it is a clock, else `fallback`; a clock option given but unusable is
 * named in `problems`.
 */
export function readClock<TFallback extends Clock | undefined>(
  option: unknown,
  fallback: TFallback,
  problems: string[],
): Clock | TFallback {
  const clock = asClock(option)
  if (clock !== undefined) return clock
  if (option !== undefined) problems.push('clock')
  return fallback
}

/** The telemetry instance's clock, read under a guard. */
export function clockOf(t: Telemetry): Clock | undefined {
  try {
    return asClock(t.clock)
  } catch {
    return undefined
  }
}

/** Tell `t` (when at hand) that options of `api` were unusable, and what was done instead. */
export function reportOptions(
  t: Pick<Telemetry, 'reportError'> | undefined,
  api: string,
  keys: readonly string[],
  outcome: string,
): void {
  if (t === undefined || keys.length === 0) return
  try {
    t.reportError(
      invalidInput(`${api}: unusable options (${keys.join(', ')}); ${outcome}`, {
        api,
        option: keys.join(','),
      }),
    )
  } catch {
    // The error path itself failed: nothing is left to tell.
  }
}

/**
 * The sampler's numeric limits: `precision` (threshold hex digits, 1 to 14, default 4) and
 * `maxTrackedNames` (0 or more, default 1000); anything else takes the default.
 */
export function readLimits(opts: { precision?: unknown; maxTrackedNames?: unknown }): {
  precision: number
  maxNames: number
} {
  const { precision, maxTrackedNames } = opts
  return {
    precision: typeof precision === 'number' && precision >= 1 && precision <= 14 ? precision : 4,
    maxNames: typeof maxTrackedNames === 'number' && maxTrackedNames >= 0 ? maxTrackedNames : 1000,
  }
}
