/**
 * Bad input is reported once per subject (an event name and key, an adapter's object), so a hot
 * path that keeps sending the same bad event does not flood the error hook. The set of subjects
 * already reported is bounded: past the bound, further problems are still counted by core's
 * stats through the one report that says so, and nothing more is remembered.
 */
import { type Telemetry, TelemetryError, type TelemetryErrorCode } from '@foundation-telemetry/core'

/** Subjects remembered before new ones stop being reported. */
const MAX_SUBJECTS = 1000

/** Reports each subject's first problem through the telemetry's error hook. */
export interface OnceReporter {
  /** Report `message` unless `subject` was reported before. Never throws. */
  report(subject: string, code: TelemetryErrorCode, message: string, details: Record<string, unknown>): void
}

/** A reporter for `t` that remembers up to 1000 subjects. */
export function createOnceReporter(t: Pick<Telemetry, 'reportError'>): OnceReporter {
  const seen = new Set<string>()
  return {
    report(subject, code, message, details) {
      if (seen.has(subject) || seen.size > MAX_SUBJECTS) return
      seen.add(subject)
      try {
        t.reportError(new TelemetryError(code, message, details))
      } catch {
        // reportError never throws by contract; a foreign telemetry-like object might.
      }
    },
  }
}
