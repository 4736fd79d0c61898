/**
 * Reading the sampler factories' options: plain values read once under guards, shapes checked
 * by the methods they must have, and what could not be used named for one report.
 */
import { type Clock, invalidInput, readOptionKeys, type Telemetry } from '@foundation-telemetry/core'

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

/** What {@link readEmitterOptions} read. */
export interface EmitterOptions<TOptions extends object> {
  options: Partial<TOptions>
  telemetry: Telemetry
  /** The `clock` option, else the telemetry's; undefined when neither is a clock. */
  clock: Clock | undefined
  /** Options that could not be read or used so far (the caller adds its own and reports them). */
  problems: string[]
}

/**
 * The options of a helper that emits through `options.telemetry` on a clock: undefined when
 * there is no telemetry instance (nowhere to emit nor anyone to tell: the helper is inert).
 */
export function readEmitterOptions<TOptions extends { telemetry?: unknown; clock?: unknown }>(
  value: unknown,
  keys: readonly (keyof TOptions & string)[],
): EmitterOptions<TOptions> | undefined {
  const read = readOptionKeys<TOptions>(value, keys)
  const telemetry = asTelemetry(read.options.telemetry)
  if (telemetry === undefined) return undefined
  const problems = [...read.unreadable]
  const clock = readClock(read.options.clock, clockOf(telemetry), problems)
  return { options: read.options, telemetry, clock, problems }
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
