/**
 * Guards for the entry points (attach, instrument, create): their arguments come from the host
 * program and may be anything, even objects whose property reads throw. Reading them happens once,
 * at attach time, so the hot paths pay nothing for it.
 */
import { invalidInput } from './errors.ts'
import { readOptionKeys } from './readOptionKeys.ts'
import { dropRejection } from './thenable.ts'

/**
 * Report `error` (what went wrong while attaching `api`) through `t`'s error hook when `t` has one
 * that can be read; otherwise there is nowhere to report to. `outcome` says what the caller got
 * instead (default: nothing was attached). Never throws.
 */
export function reportAttachFailure(
  t: unknown,
  api: string,
  error: unknown,
  outcome = 'nothing attached',
): void {
  try {
    const report = (t as { reportError?: unknown } | null | undefined)?.reportError
    if (typeof report !== 'function') return
    let message: string
    try {
      message = error instanceof Error ? error.message : String(error)
    } catch {
      message = 'unreadable error'
    }
    report.call(t, invalidInput(`${api}: bad arguments, ${outcome} (${message})`, { api, error }))
  } catch {
    // A hostile telemetry object: nowhere left to report to.
  }
}

/**
 * The options object as plain data: `keys` copied from `options` once. A missing or non-object
 * options value gives `{}`; a read that throws is reported and gives `{}` too.
 */
export function readOptions<TOptions extends object>(
  t: unknown,
  api: string,
  options: unknown,
  keys: readonly (keyof TOptions & string)[],
): Partial<TOptions> {
  if (typeof options !== 'object' || options === null) return {}
  const read = readOptionKeys<TOptions>(options, keys)
  if (read.unreadable.length === 0) return read.options
  reportAttachFailure(t, api, read.error)
  return {}
}

/**
 * A positive, finite number option: `value` when it is one, `fallback` when it is unset
 * (`undefined`), and otherwise `fallback` after `onInvalid(value)` (the caller reports it in its
 * own words). Never throws: an `onInvalid` that is not a function, throws or rejects is ignored.
 */
export function positiveOption(
  value: unknown,
  fallback: number,
  onInvalid: (value: unknown) => void,
): number {
  if (value === undefined) return fallback
  if (typeof value === 'number' && value > 0 && Number.isFinite(value)) return value
  try {
    if (typeof onInvalid === 'function') dropRejection(onInvalid(value))
  } catch {
    // The caller's reporter failed; the fallback still holds.
  }
  return fallback
}
