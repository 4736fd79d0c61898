import type { ReadableSpan, SpanProcessor } from '@foundation-telemetry/core'

/** A span processor that keeps every span that ends, in `spans`. */
export function spanCollector(): SpanProcessor & { spans: ReadableSpan[] } {
  const spans: ReadableSpan[] = []
  return {
    spans,
    onStart() {},
    onEnd: (s) => spans.push(s),
    forceFlush: async () => {},
    shutdown: async () => {},
  }
}
