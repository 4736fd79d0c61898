/**
 * The export bridge into an OpenTelemetry SDK pipeline: every ended, sampled Foundation span is
 * handed to the application's own OTel span processors (and, optionally, span exporters) as an OTel
 * `ReadableSpan`, so the traces their exporter sends have no holes where our spans were. Nothing
 * is imported from OpenTelemetry: the shapes below are the SDK's, checked against
 * `@opentelemetry/sdk-trace` 3.x in the tests.
 */
import { exportFailure, type TelemetryError } from './errors.ts'
import { type HrTime, msToHrTime } from './hrTime.ts'
import { toOtelSpanContext, viewOf } from './otelBridge.ts'
import { type OtelResource, otelResourceOf } from './otelResource.ts'
import type { Attributes, ReadableSpan, Span, SpanContext, SpanProcessor } from './types.ts'

/** An OpenTelemetry span context, as the bridge hands it over. */
export type OtelSpanContext = ReturnType<typeof toOtelSpanContext>

/** What the bridge hands to OpenTelemetry: the SDK's `ReadableSpan` shape. */
export interface OtelReadableSpan {
  readonly name: string
  readonly kind: number
  readonly spanContext: () => OtelSpanContext
  readonly parentSpanContext?: OtelSpanContext
  readonly startTime: HrTime
  readonly endTime: HrTime
  readonly duration: HrTime
  readonly status: { code: number; message?: string }
  readonly attributes: Attributes
  readonly links: Array<{ context: OtelSpanContext; attributes: Attributes; droppedAttributesCount: number }>
  readonly events: Array<{
    name: string
    time: HrTime
    attributes: Attributes
    droppedAttributesCount: number
  }>
  readonly ended: true
  readonly resource: OtelResource
  readonly instrumentationScope: { name: string; version?: string }
  readonly droppedAttributesCount: number
  readonly droppedEventsCount: number
  readonly droppedLinksCount: number
}

/** The parts of an OpenTelemetry `SpanProcessor` the bridge calls (`BatchSpanProcessor`, ...). */
export interface OtelSpanProcessorLike {
  onStart?(span: never, parentContext: never): void
  onEnd(span: never): void
  forceFlush(): Promise<void>
  shutdown(): Promise<void>
}

/** The parts of an OpenTelemetry `SpanExporter` the bridge calls. */
export interface OtelSpanExporterLike {
  export(spans: never, resultCallback: (result: { code: number; error?: Error }) => void): void
  forceFlush?(): Promise<void>
  shutdown(): Promise<void>
}

/** Options of {@link createOtelSpanBridge}. */
export interface OtelSpanBridgeOptions {
  /**
   * Your OpenTelemetry span processors: pass the same instances your `TracerProvider` was given
   * (`new BatchSpanProcessor(exporter)`), so our spans and yours leave through one exporter.
   */
  spanProcessors?: readonly OtelSpanProcessorLike[]
  /**
   * OpenTelemetry span exporters called with each ended span, one span per call (as the SDK's
   * `SimpleSpanProcessor` does). Prefer `spanProcessors` with a batching processor in production.
   */
  spanExporters?: readonly OtelSpanExporterLike[]
  /**
   * The resource reported with every span, e.g. your provider's `resourceFromAttributes(...)`.
   * Defaults to one built from the telemetry instance's resource attributes.
   */
  resource?: OtelResource
  /** Where export failures are reported (`t`, or anything with `reportError`). Defaults to none. */
  telemetry?: { reportError(error: TelemetryError): void }
}

const EXPORT_FAILED = 1

/** A Foundation span as an OpenTelemetry `ReadableSpan`. */
export function toOtelReadableSpan(span: ReadableSpan, resource: OtelResource): OtelReadableSpan | undefined {
  try {
    return toOtelReadableSpanUnguarded(span, resource)
  } catch {
    // Not a span (or one whose fields throw): nothing to hand to OpenTelemetry.
    return undefined
  }
}

function toOtelReadableSpanUnguarded(span: ReadableSpan, resource: OtelResource): OtelReadableSpan {
  const context = toOtelSpanContext(span.spanContext)
  const parent: SpanContext | undefined =
    span.parentSpanId === undefined
      ? undefined
      : {
          traceId: span.spanContext.traceId,
          spanId: span.parentSpanId,
          traceFlags: span.spanContext.traceFlags,
        }
  return {
    name: span.name,
    kind: span.kind,
    spanContext: () => context,
    ...(parent === undefined ? {} : { parentSpanContext: toOtelSpanContext(parent) }),
    startTime: msToHrTime(span.startTime),
    endTime: msToHrTime(span.endTime),
    duration: msToHrTime(span.duration),
    status: span.status.message === undefined ? { code: span.status.code } : { ...span.status },
    attributes: span.attributes,
    links: span.links.map((link) => ({
      context: toOtelSpanContext(link.context),
      attributes: link.attributes ?? {},
      droppedAttributesCount: 0,
    })),
    events: span.events.map((event) => ({
      name: event.name,
      time: msToHrTime(event.time),
      attributes: event.attributes,
      droppedAttributesCount: 0,
    })),
    ended: true,
    resource,
    instrumentationScope: span.instrumentationScope,
    droppedAttributesCount: span.droppedAttributesCount,
    droppedEventsCount: span.droppedEventsCount,
    droppedLinksCount: span.droppedLinksCount,
  }
}

/**
 * An OpenTelemetry `Context` (immutable key-value map) for the `parentContext` argument of
 * processors' `onStart`: empty, since the parent of a Foundation span is not an OTel context.
 */
class BridgeContext {
  private readonly values: ReadonlyMap<symbol, unknown>
  constructor(values: ReadonlyMap<symbol, unknown> = new Map()) {
    this.values = values
  }
  getValue(key: symbol): unknown {
    return this.values.get(key)
  }
  setValue(key: symbol, value: unknown): BridgeContext {
    return new BridgeContext(new Map(this.values).set(key, value))
  }
  deleteValue(key: symbol): BridgeContext {
    const values = new Map(this.values)
    values.delete(key)
    return new BridgeContext(values)
  }
}
const ROOT_CONTEXT = new BridgeContext()

/**
 * A Foundation span processor that hands every ended, sampled span to OpenTelemetry span
 * processors and exporters as an OTel `ReadableSpan`. Add it with `t.addSpanProcessor(...)`.
 * One failing processor does not keep the span from the others; failures reach core's error hook.
 *
 * @example
 * ```ts
 * import { createOtelSpanBridge, createTelemetry } from '@foundation-telemetry/core'
 * import { BatchSpanProcessor, InMemorySpanExporter, TracerProvider } from '@opentelemetry/sdk-trace'
 *
 * const t = createTelemetry({ service: 'planner' })
 * const processor = new BatchSpanProcessor(new InMemorySpanExporter())
 * const provider = new TracerProvider({ spanProcessors: [processor] })
 * t.addSpanProcessor(createOtelSpanBridge({ spanProcessors: [processor], telemetry: t }))
 * ```
 */
export function createOtelSpanBridge(options: OtelSpanBridgeOptions = {}): SpanProcessor {
  try {
    return new OtelSpanBridge(options)
  } catch {
    // Options that cannot be read (a throwing Proxy or getter): a bridge to nothing, never an exception.
    return new OtelSpanBridge({})
  }
}

/**
 * The bridge: the OTel processors and exporters, the exports in flight and each resource converted
 * once. State in #private fields and the four methods as own properties, so its own keys are the
 * `SpanProcessor` methods (as the object literal it replaced had) and each works detached.
 */
class OtelSpanBridge implements SpanProcessor {
  readonly #processors: OtelSpanProcessorLike[]
  readonly #exporters: OtelSpanExporterLike[]
  readonly #pending = new Set<Promise<void>>()
  readonly #resources = new WeakMap<object, OtelResource>()
  readonly #options: OtelSpanBridgeOptions

  constructor(options: OtelSpanBridgeOptions) {
    this.#processors = [...(options.spanProcessors ?? [])]
    this.#exporters = [...(options.spanExporters ?? [])]
    this.#options = options
  }

  readonly onStart = (span: Span): void => {
    callEach(this.#processors, (processor) =>
      processor.onStart?.(viewOf(span) as never, ROOT_CONTEXT as never),
    )
  }

  readonly onEnd = (span: ReadableSpan): void => {
    if (this.#processors.length === 0 && this.#exporters.length === 0) return
    const otelSpan = toOtelReadableSpan(span, this.#resourceOf(span))
    if (otelSpan === undefined) return
    callEach(this.#processors, (processor) => processor.onEnd(otelSpan as never))
    for (const exporter of this.#exporters) this.#exportOne(exporter, otelSpan)
  }

  readonly forceFlush = async (): Promise<void> => {
    await this.#settle(
      (processor) => processor.forceFlush(),
      (exporter) => exporter.forceFlush?.(),
    )
  }

  readonly shutdown = async (): Promise<void> => {
    await this.#settle(
      (processor) => processor.shutdown(),
      (exporter) => exporter.shutdown(),
    )
  }

  /** The span's resource for OpenTelemetry: the one given in the options, else its own, converted once. */
  #resourceOf(span: ReadableSpan): OtelResource {
    if (this.#options.resource !== undefined) return this.#options.resource
    let resource = this.#resources.get(span.resource)
    if (resource === undefined) {
      resource = otelResourceOf(span.resource)
      this.#resources.set(span.resource, resource)
    }
    return resource
  }

  #report(message: string, error: unknown): void {
    this.#options.telemetry?.reportError(exportFailure(message, { exporter: 'otel-sdk', error }))
  }

  /** Hands one span to one exporter; the export stays pending until its callback (or throw). */
  #exportOne(exporter: OtelSpanExporterLike, span: OtelReadableSpan): void {
    const done = new Promise<void>((resolve) => {
      try {
        exporter.export([span] as never, (result) => {
          if (result?.code === EXPORT_FAILED) this.#report('OpenTelemetry span exporter failed', result.error)
          resolve()
        })
      } catch (error) {
        this.#report('OpenTelemetry span exporter threw', error)
        resolve()
      }
    })
    this.#pending.add(done)
    void done.then(() => this.#pending.delete(done))
  }

  /** Waits for the exports in flight, then calls every processor and exporter, reporting each failure. */
  async #settle(
    onProcessor: (processor: OtelSpanProcessorLike) => Promise<void>,
    onExporter: (exporter: OtelSpanExporterLike) => Promise<void> | undefined,
  ): Promise<void> {
    await Promise.all([...this.#pending])
    const results = await Promise.allSettled([
      ...this.#processors.map((processor) => safeCall(() => onProcessor(processor))),
      ...this.#exporters.map((exporter) => safeCall(() => onExporter(exporter))),
    ])
    for (const result of results) {
      if (result.status === 'rejected')
        this.#report('OpenTelemetry processor flush or shutdown failed', result.reason)
    }
  }
}

/** Calls `fn` on each target; one failure does not stop the others, and is rethrown for core to report. */
export function callEach<TTarget>(targets: readonly TTarget[], fn: (target: TTarget) => void): void {
  let failure: unknown
  for (const target of targets) {
    try {
      fn(target)
    } catch (error) {
      failure ??= error
    }
  }
  if (failure !== undefined) throw failure
}

/** `fn()`'s promise, with a synchronous throw turned into a rejection. */
export function safeCall(fn: () => Promise<void> | undefined): Promise<void> | undefined {
  try {
    return fn()
  } catch (error) {
    return Promise.reject(error)
  }
}
