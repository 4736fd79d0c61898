/**
 * The active span of the current async context: OpenTelemetry's, when an SDK registered a context
 * manager and one of its spans is active, else ours. The same for every telemetry instance.
 */
import { runWithSpan, storedSpan } from './context.ts'
import { enterOtelSpan, otelActiveSpan, otelContextManager } from './otelBridge.ts'
import { ContextSpan } from './span.ts'
import type { Span, SpanContext } from './types.ts'

/** The active span: ours, or the active OpenTelemetry span seen as a context-only span. */
export function activeSpan(): Span | undefined {
  const manager = otelContextManager()
  if (manager !== undefined) {
    const otel = otelActiveSpan(manager)
    if (otel !== undefined) return 'ours' in otel ? otel.ours : new ContextSpan(otel.foreign)
  }
  return storedSpan()
}

/** The active span's context, without allocating for OpenTelemetry spans. */
export function activeSpanContext(): SpanContext | undefined {
  const manager = otelContextManager()
  if (manager !== undefined) {
    const otel = otelActiveSpan(manager)
    if (otel !== undefined) return 'ours' in otel ? otel.ours.spanContext() : otel.foreign
  }
  return storedSpan()?.spanContext()
}

/** Run `fn(arg)` with `span` active, in our context and, when registered, OpenTelemetry's. */
export function runInSpan<TArg, TResult>(
  span: Span | undefined,
  fn: (arg: TArg) => TResult,
  arg: TArg,
): TResult {
  const manager = otelContextManager()
  if (manager === undefined) return runWithSpan(span, fn, arg)
  return runWithSpan(span, enterOtelSpan<TArg, TResult>, manager, span, fn, arg)
}
