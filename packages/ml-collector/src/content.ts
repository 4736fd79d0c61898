import type { Telemetry } from '@foundation-telemetry/core'

/** Characters kept of one recorded prompt or completion; the rest is cut with a marker. */
export const MAX_CONTENT_CHARS = 16_384

/**
 * Prompt or completion content as a span attribute value, through the telemetry's redactor
 * (key deny-list and value patterns) before it is serialised: content is only ever recorded
 * this way. Returns undefined when the value cannot be serialised.
 */
export function redactedContent(t: Telemetry, value: unknown): string | undefined {
  try {
    const redacted = t.redact(value)
    const text = typeof redacted === 'string' ? redacted : JSON.stringify(redacted)
    if (typeof text !== 'string') return undefined
    return text.length > MAX_CONTENT_CHARS ? `${text.slice(0, MAX_CONTENT_CHARS)}…[truncated]` : text
  } catch {
    return undefined
  }
}
