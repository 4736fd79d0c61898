import type { Metadata, Span } from './types.ts'

/**
 * Adds `span`'s trace ids to `metadata` and returns it: `trace_id`, `span_id`, and `parent_span_id`
 * unless the span is a root. These are the keys every event of a span carries (`t.span`'s, the
 * collectors' operations), read from the span itself (core's spans keep their parent's id), so
 * nothing reads the active context again. Never throws: a span that cannot be read adds nothing.
 */
export function addTraceIds(metadata: Metadata, span: Span): Metadata {
  try {
    const context = span.spanContext()
    metadata.trace_id = context.traceId
    metadata.span_id = context.spanId
    const parent = (span as { parentSpanId?: unknown }).parentSpanId
    if (typeof parent === 'string') metadata.parent_span_id = parent
  } catch {
    // A foreign or hostile span (or metadata that refuses writes): the metadata as it is.
  }
  return metadata
}
