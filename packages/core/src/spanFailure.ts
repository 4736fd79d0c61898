/**
 * How a failed operation is reported, in the one shape every span-shaped operation uses (`t.span`,
 * the collectors' adapters and handles): the span records the exception and ends with an error
 * status carrying the message, and the `.exception` event's metadata carries `kind`, `reason`,
 * `stacktrace` and the `error` itself.
 */
import { describeError, type ErrorDetails } from './errorDetails.ts'
import { type Metadata, type Span, SpanStatusCode } from './types.ts'

/**
 * Record `error` on `span` and give it an error status with the error's message; returns the
 * details. Never throws: a span that cannot take them is left as it is.
 */
export function failSpan(span: Span, error: unknown): ErrorDetails {
  const details = describeError(error)
  try {
    span.recordException(error)
    span.setStatus({ code: SpanStatusCode.ERROR, message: details.message })
  } catch {
    // Not one of our spans (a foreign or broken object): the details are still the caller's.
  }
  return details
}

/**
 * Add the `.exception` event's error keys (`kind`, `reason`, `stacktrace`, `error`) to `metadata`,
 * which the caller owns (a fresh copy); returns it. Never throws: metadata that takes no keys is
 * returned as given.
 */
export function addExceptionKeys(metadata: Metadata, details: ErrorDetails, error: unknown): Metadata {
  try {
    metadata.kind = details.kind
    metadata.reason = details.message
    metadata.stacktrace = details.stacktrace
    metadata.error = error
  } catch {
    // Metadata that takes no keys (not an object, frozen) or unreadable details: left as given.
  }
  return metadata
}
