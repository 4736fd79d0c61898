import type { EventSamplerLink, TelemetryError } from '@foundation-telemetry/core'

/** How a sampler piece reports bad input: a message after `sampler: ` and the error's details. */
export type ReportInvalid = (message: string, details: Record<string, unknown>) => void

/**
 * Tell a problem to the error hook and every connected telemetry instance. Returns whether anyone
 * heard it (the sampler keeps unheard problems for the first instance that connects).
 */
export function tellProblem(
  error: TelemetryError,
  onError: ((error: TelemetryError) => void) | undefined,
  links: readonly EventSamplerLink[],
): boolean {
  let heard = false
  if (typeof onError === 'function') {
    heard = true
    try {
      onError(error)
    } catch {
      // The error hook itself failed: nothing is left to tell.
    }
  }
  for (const link of links) {
    heard = true
    link.telemetry.reportError(error)
  }
  return heard
}
