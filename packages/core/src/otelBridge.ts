/**
 * OpenTelemetry interop without importing OpenTelemetry. The OTel API keeps its registry on
 * `globalThis[Symbol.for('opentelemetry.js.api.1')]`; a registered context manager sits in its
 * `context` field, and the active span in a context under `Symbol.for('OpenTelemetry Context Key SPAN')`.
 * With nothing registered, the bridge costs one property check.
 */
import { isValidSpanId, isValidTraceId } from './ids.ts'
import type { SpanImpl } from './span.ts'
import { TRACE_FLAGS_MASK } from './spanContext.ts'
import type { Span, SpanContext } from './types.ts'

const OTEL_API_KEY = Symbol.for('opentelemetry.js.api.1')
const OTEL_SPAN_KEY = Symbol.for('OpenTelemetry Context Key SPAN')

const registry = globalThis as Record<symbol, { context?: OtelContextManager } | undefined>
// V8 looks up a key that is absent from the global object on a slow path (about 10-15 ns, paid by
// every enriched event and every span when no SDK is registered) but a present key through a
// cached property cell (a few ns). An empty slot is what the OpenTelemetry API itself treats as
// "not registered yet" (it fills a nullish slot), so creating one changes nothing else. It is
// created by the first read of the active context, never at import: loading the package has no
// effect on OpenTelemetry's registry (see docs/decisions.md).
let slotPrepared = false

function prepareSlot(): void {
  slotPrepared = true
  if (!(OTEL_API_KEY in registry)) registry[OTEL_API_KEY] = undefined
}

/** The parts of an OpenTelemetry `Context` the bridge uses. */
export interface OtelContext {
  getValue(key: symbol): unknown
  setValue(key: symbol, value: unknown): OtelContext
  deleteValue(key: symbol): OtelContext
}

/** The parts of an OpenTelemetry `ContextManager` the bridge uses. */
export interface OtelContextManager {
  active(): OtelContext
  with<TArgs extends unknown[], TResult>(
    context: OtelContext,
    fn: (...args: TArgs) => TResult,
    thisArg?: unknown,
    ...args: TArgs
  ): TResult
}

interface OtelSpanLike {
  spanContext(): {
    traceId: string
    spanId: string
    traceFlags: number
    isRemote?: boolean
    traceState?: unknown
  }
}

/** The context manager an OpenTelemetry SDK registered, if any. */
export function otelContextManager(): OtelContextManager | undefined {
  if (!slotPrepared) prepareSlot()
  const api = registry[OTEL_API_KEY]
  if (api === undefined) return undefined
  const manager = api.context
  return manager !== undefined && typeof manager.active === 'function' && typeof manager.with === 'function'
    ? manager
    : undefined
}

/**
 * The span active in OpenTelemetry's context: one of ours (entered through {@link enterOtelSpan}),
 * a foreign OpenTelemetry span's context, or `undefined` when OTel has none.
 */
export function otelActiveSpan(
  manager: OtelContextManager,
): { ours: Span } | { foreign: SpanContext } | undefined {
  let value: unknown
  try {
    value = manager.active()?.getValue(OTEL_SPAN_KEY)
  } catch {
    return undefined
  }
  if (value instanceof OtelSpanView) return { ours: value.span }
  if (
    typeof value !== 'object' ||
    value === null ||
    typeof (value as OtelSpanLike).spanContext !== 'function'
  ) {
    return undefined
  }
  try {
    const context = (value as OtelSpanLike).spanContext()
    if (!isValidTraceId(context.traceId) || !isValidSpanId(context.spanId)) return undefined
    const result: SpanContext = {
      traceId: context.traceId,
      spanId: context.spanId,
      traceFlags: context.traceFlags & TRACE_FLAGS_MASK,
    }
    const state = context.traceState as { serialize?: () => string } | undefined
    if (state !== undefined && typeof state.serialize === 'function') {
      const raw = state.serialize()
      if (raw) result.traceState = raw
    }
    if (context.isRemote === true) result.isRemote = true
    return { foreign: result }
  } catch {
    return undefined
  }
}

/** Run `fn(arg)` with `span` (or no span) as OpenTelemetry's active span. */
export function enterOtelSpan<TArg, TResult>(
  manager: OtelContextManager,
  span: Span | undefined,
  fn: (arg: TArg) => TResult,
  arg: TArg,
): TResult {
  const active = manager.active()
  const context =
    span === undefined ? active.deleteValue(OTEL_SPAN_KEY) : active.setValue(OTEL_SPAN_KEY, viewOf(span))
  return manager.with(context, fn, undefined, arg)
}

/** The OpenTelemetry view of `span`, created once per span. */
export function viewOf(span: Span): OtelSpanView {
  const impl = span as Partial<SpanImpl>
  if ('otelView' in impl) {
    if (impl.otelView instanceof OtelSpanView) return impl.otelView
    const view = new OtelSpanView(span)
    impl.otelView = view
    return view
  }
  return new OtelSpanView(span)
}

/** A span context in OpenTelemetry's shape: `isRemote` always set, `traceState` an object. */
export function toOtelSpanContext(ours: SpanContext): ReturnType<OtelSpanLike['spanContext']> {
  return {
    traceId: ours.traceId,
    spanId: ours.spanId,
    traceFlags: ours.traceFlags,
    isRemote: ours.isRemote === true,
    ...(ours.traceState ? { traceState: OtelTraceState.parse(ours.traceState) } : {}),
  }
}

/** The W3C `tracestate` as OpenTelemetry's `TraceState` interface sees it (immutable). */
class OtelTraceState {
  private readonly entries: ReadonlyArray<readonly [string, string]>

  constructor(entries: ReadonlyArray<readonly [string, string]>) {
    this.entries = entries
  }

  static parse(raw: string): OtelTraceState {
    const entries: Array<readonly [string, string]> = []
    for (const member of raw.split(',')) {
      const eq = member.indexOf('=')
      if (eq > 0) entries.push([member.slice(0, eq).trim(), member.slice(eq + 1).trim()])
    }
    return new OtelTraceState(entries)
  }

  get(key: string): string | undefined {
    return this.entries.find((e) => e[0] === key)?.[1]
  }
  set(key: string, value: string): OtelTraceState {
    return new OtelTraceState([[key, value], ...this.entries.filter((e) => e[0] !== key)])
  }
  unset(key: string): OtelTraceState {
    return new OtelTraceState(this.entries.filter((e) => e[0] !== key))
  }
  serialize(): string {
    return this.entries.map((e) => `${e[0]}=${e[1]}`).join(',')
  }
}

/**
 * How a Foundation span looks from OpenTelemetry's side: its span context (so OTel spans
 * started inside it become its children), with attribute, event and status calls forwarded
 * to it. `end` is ignored: the span's owner ends it.
 */
export class OtelSpanView {
  readonly span: Span
  private context: ReturnType<OtelSpanLike['spanContext']> | undefined

  constructor(span: Span) {
    this.span = span
  }

  spanContext(): ReturnType<OtelSpanLike['spanContext']> {
    this.context ??= toOtelSpanContext(this.span.spanContext())
    return this.context
  }
  setAttribute(key: string, value: never): this {
    this.span.setAttribute(key, value)
    return this
  }
  setAttributes(attributes: never): this {
    this.span.setAttributes(attributes)
    return this
  }
  addEvent(name: string, attributes?: unknown, time?: unknown): this {
    this.span.addEvent(
      name,
      typeof attributes === 'object' ? (attributes as never) : undefined,
      typeof time === 'number' ? time : undefined,
    )
    return this
  }
  addLink(): this {
    return this
  }
  addLinks(): this {
    return this
  }
  setStatus(status: never): this {
    this.span.setStatus(status)
    return this
  }
  updateName(name: string): this {
    this.span.updateName(name)
    return this
  }
  recordException(error: unknown): void {
    this.span.recordException(error)
  }
  end(): void {}
  isRecording(): boolean {
    return false
  }
}
