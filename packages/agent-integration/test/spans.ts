import type { ReadableSpan, Telemetry } from '@foundation-telemetry/core'

/** Collect every span `t` ends, in end order. */
export function recordSpans(t: Telemetry): ReadableSpan[] {
  const spans: ReadableSpan[] = []
  t.addSpanProcessor({
    onStart() {},
    onEnd(span) {
      spans.push(span)
    },
    forceFlush: async () => {},
    shutdown: async () => {},
  })
  return spans
}
