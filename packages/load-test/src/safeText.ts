/**
 * Messages of caught errors that may come from outside the types (symbols, objects whose
 * `toString` throws, revoked proxies): report renderers use it so they never throw.
 */
import { safeText } from '@foundation-telemetry/core'

/** The message of a caught error that may itself be hostile. */
export function messageOf(error: unknown): string {
  try {
    return safeText((error as Error)?.message ?? error)
  } catch {
    return 'unreadable error'
  }
}
