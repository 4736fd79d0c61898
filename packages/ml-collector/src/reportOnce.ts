import { invalidInput, type Telemetry } from '@foundation-telemetry/core'

/**
 * Reports each distinct problem once through the telemetry's error hook: report `message`
 * unless `key` was reported before. Returns whether it reported.
 */
export type ReportOnce = (key: string, message: string, details?: Record<string, unknown>) => boolean

/** Distinct keys remembered; past this the memory is cleared, so a key may be reported again. */
const MAX_KEYS = 1000

/**
 * A once-per-key reporter: bad usage from a busy model would otherwise flood the error hook with
 * the same diagnosis on every request. Memory is bounded by {@link MAX_KEYS}.
 */
export function createReportOnce(t: Telemetry, api: string): ReportOnce {
  let seen = new Set<string>()
  return (key, message, details = {}) => {
    if (seen.has(key)) return false
    if (seen.size >= MAX_KEYS) seen = new Set()
    seen.add(key)
    try {
      t.reportError(invalidInput(message, { api, ...details }))
    } catch {
      // reportError never throws by contract; a stand-in telemetry object might.
    }
    return true
  }
}
