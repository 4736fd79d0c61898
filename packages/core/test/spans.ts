/** Test support for core's span tests: a processor that keeps every span that ends. */
import type { ReadableSpan, Telemetry } from '../src/types.ts'

/** Add a span processor to `t` that records each ended span; returns the live list. */
export function recordEndedSpans(t: Pick<Telemetry, 'addSpanProcessor'>): ReadableSpan[] {
  const ended: ReadableSpan[] = []
  t.addSpanProcessor({
    onStart: () => {},
    onEnd: (span) => ended.push(span),
    forceFlush: async () => {},
    shutdown: async () => {},
  })
  return ended
}
