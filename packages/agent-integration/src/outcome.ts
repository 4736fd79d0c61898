import type { Metadata } from '@foundation-telemetry/core'

/**
 * Whether an ending event reports a failure: every `.exception`, and a `.stop` or `.complete`
 * whose metadata says `success: false` or carries an `error`. The KPIs and the metric overrides
 * read outcomes the same way the taxonomy's `success` tag is derived.
 */
export function failed(event: string, metadata: Metadata): boolean {
  if (event.endsWith('.exception')) return true
  return metadata.success === false || (metadata.error !== undefined && metadata.error !== null)
}
