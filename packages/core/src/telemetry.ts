import { findMetricDefinition } from '@foundation-telemetry/taxonomy'
import { type Attachment, createBus } from './bus.ts'
import { systemClock } from './clock.ts'
import { bindContext } from './context.ts'
import { currentCorrelationId, withCorrelationId } from './correlation.ts'
import { createEnricher } from './enrichment.ts'
import { redactTelemetryError } from './errorRedaction.ts'
import { createErrorReporter } from './errorReporter.ts'
import { dataDropped, exportFailure, invalidContext, invalidInput, TelemetryError } from './errors.ts'
import { createEventHandles } from './eventHandle.ts'
import { createLogPipeline } from './logs.ts'
import { createMetrics, type MetricsEngine } from './metrics/createMetrics.ts'
import { describe } from './metrics/instrument.ts'
import { createRedactor, type Redactor } from './redaction.ts'
import { type Environment, resolveResource } from './resource.ts'
import { connectEventSampler, createSampledDelivery, resolveEventSampler } from './sampledDelivery.ts'
import { createSelfMetrics } from './selfMetrics.ts'
import { createSpanApi } from './spanApi.ts'
import { measurementUnitOf } from './taxonomyMetrics.ts'
import { extractContext, injectContext } from './traceparent.ts'
import { createTracer, validSpanContext } from './tracer.ts'
import type {
  AttachOptions,
  Handler,
  Measurements,
  Metadata,
  Span,
  SpanContext,
  Telemetry,
  TelemetryOptions,
} from './types.ts'

/** Options of {@link createTelemetry} beyond the public {@link TelemetryOptions}. */
export interface CreateTelemetryOptions extends TelemetryOptions {
  /** Environment variables read for `OTEL_*` and `NODE_ENV`. Defaults to `process.env`. */
  env?: Environment
}

/** A {@link Telemetry} instance, with helpers beyond the fixed contract. */
export interface TelemetryInstance extends Telemetry {
  /**
   * Bind `fn` to the current async context, so it runs with today's active span wherever it is
   * called later. EventEmitter listeners run in the context of the code that calls `emit`, not
   * the one that attached them: bind a listener to keep the attaching context.
   */
  bind<TFn extends (...args: never[]) => unknown>(fn: TFn): TFn
}

/**
 * Create an isolated telemetry instance: its own handlers, span processors, error hook,
 * counters and (lazily) metrics. The async context (the active span) is shared process-wide.
 *
 * @example
 * import { createTelemetry } from '@foundation-telemetry/core'
 *
 * const t = createTelemetry({ service: 'checkout', layer: 'foundation' })
 * t.attach('log-breaker', 'foundation.circuit_breaker.*', (event, measurements, metadata) => {
 *   console.log(event, measurements, metadata)
 * })
 * t.execute('foundation.circuit_breaker.state_change', { count: 1 }, { from: 'closed', to: 'open' })
 * await t.span('dspex.program.execution', { program_id: 'qa' }, async (span) => {
 *   span.setAttribute('dspex.tokens', 412)
 * })
 */
export function createTelemetry(options: CreateTelemetryOptions = {}): TelemetryInstance {
  const { opts, unreadable } = readOptions(options)
  const clock = opts.clock ?? systemClock
  const enrichEnabled = opts.enrich !== false

  // `execute` is defined below; the reporter reaches it late so both can refer to each other.
  // The redactor reports through the reporter, which redacts with it: each reaches the other late.
  let redactLate: Redactor | undefined
  const reporter = createErrorReporter({
    onError: typeof opts.onError === 'function' ? opts.onError : undefined,
    emit: (event, measurements, metadata) => execute(event, measurements, metadata),
    redact: (error) => (redactLate === undefined ? error : redactTelemetryError(error, redactLate)),
    record: createSelfMetrics(() => getMetrics()),
  })
  const report = reporter.report
  if (unreadable !== undefined) {
    report(
      invalidInput('createTelemetry: options could not be read; defaults used', {
        api: 'createTelemetry',
        error: unreadable,
      }),
    )
  }
  const redact = createRedactor(opts.redact, report)
  redactLate = redact
  const eventSampler = resolveEventSampler(opts, report)
  const sampled = createSampledDelivery(eventSampler, (a, e, m, md) => bus.call(a, e, m, md), report)
  const bus = createBus(report, sampled.group)
  const resource = resolveResource({
    service: opts.service,
    layer: opts.layer,
    environment: opts.environment,
    resource: opts.resource,
    env: opts.env ?? process.env,
    report,
  })
  const enrich = createEnricher(resource)
  let sampler = opts.sampler
  if (
    sampler !== undefined &&
    (typeof sampler !== 'object' || sampler === null || typeof sampler.shouldSample !== 'function')
  ) {
    report(
      invalidInput('createTelemetry: sampler needs shouldSample(); sampling every trace', {
        api: 'createTelemetry',
      }),
    )
    sampler = undefined
  }
  const tracer = createTracer({ clock, resource: resource.attributes, sampler, report })
  const logs = createLogPipeline({
    clock,
    resource: resource.attributes,
    activeSpanContext: () => tracer.activeSpanContext(),
    report,
  })

  function execute(event: string, measurements?: Measurements, metadata?: Metadata): void {
    const handlers = bus.handlersFor(event)
    if (handlers === undefined || handlers.length === 0) return
    deliver(handlers, event, measurements, metadata)
  }

  // Everything `execute` does once it knows there are handlers; event handles call it directly.
  // Kept small, with the error paths in functions of their own: V8 inlines by bytecode size, and
  // a body that fits lets the whole path (handle -> deliver -> dispatch -> handler) inline into
  // the caller's loop.
  function deliver(
    handlers: readonly Attachment[],
    event: string,
    measurements: Measurements | undefined,
    metadata: Metadata | undefined,
  ): void {
    const m =
      typeof measurements === 'object' && measurements !== null
        ? measurements
        : notAnObject(event, 'measurements', measurements)
    const given =
      typeof metadata === 'object' && metadata !== null ? metadata : notAnObject(event, 'metadata', metadata)
    const md = enrichEnabled ? enrichOrReport(event, given) : given
    if (md !== undefined) bus.dispatch(handlers, event, m, md)
  }

  /** An empty object in place of a missing argument; a present non-object is reported first. */
  function notAnObject(
    event: string,
    what: 'measurements' | 'metadata',
    value: unknown,
  ): Record<string, never> {
    if (value !== undefined) {
      report(
        invalidInput(`${event}: ${what} must be an object`, {
          api: 'execute',
          event_name: event,
        }),
      )
    }
    return {}
  }

  /** Enriched metadata, or undefined (reported) when reading `md` threw: the event is dropped. */
  function enrichOrReport(event: string, md: Metadata): Metadata | undefined {
    try {
      return enrich(md, tracer.activeSpanContext())
    } catch (error) {
      report(
        invalidInput(`${event}: metadata could not be read`, {
          api: 'execute',
          event_name: event,
          error,
        }),
      )
      return undefined
    }
  }

  const hasHandlers = (event: string): boolean => {
    const handlers = bus.handlersFor(event)
    return handlers !== undefined && handlers.length > 0
  }

  const event = createEventHandles(bus, deliver, report, !enrichEnabled)

  const span = createSpanApi({ clock, tracer, hasHandlers, execute, report })

  let metrics: MetricsEngine | undefined
  const getMetrics = (): MetricsEngine => {
    metrics ??= createMetrics({
      clock,
      reportError: report,
      activeSpanContext: () => {
        const context = tracer.activeSpanContext()
        return context !== undefined && (context.traceFlags & 1) === 1 ? context : undefined
      },
      findDefinition: findMetricDefinition,
      measurementUnitOf,
      attach: (id, events, handler) => bus.attach(id, events, handler, undefined, { durable: true }),
      execute,
    })
    return metrics
  }

  let shutdownPromise: Promise<void> | undefined

  const instance: Omit<TelemetryInstance, 'metrics'> & { [LAZY_METRICS]: () => MetricsEngine } = {
    service: resource.service,
    layer: resource.layer,
    environment: resource.environment,
    clock,
    resource: resource.attributes,

    execute: execute as Telemetry['execute'],
    event,
    // The overloads only type the handler's arguments; every handler is dispatched the same way.
    attach: ((
      id: string,
      events: string | readonly string[],
      handler: Handler,
      config?: unknown,
      attachOptions?: AttachOptions,
    ) => bus.attach(id, events, handler, config, attachOptions)) as Telemetry['attach'],
    detach: (id) => bus.detach(id),
    listHandlers: (prefix) => bus.listHandlers(prefix),
    hasHandlers,

    span,
    startSpan: (name, startOptions) => tracer.startSpan(name, startOptions),
    activeSpan: () => tracer.activeSpan(),
    withContext: (context, fn) => tracer.withContext(context, fn),
    bind: (fn) => {
      if (typeof fn !== 'function') {
        report(
          invalidInput('bind: fn must be a function', {
            api: 'bind',
          }),
        )
        return fn
      }
      try {
        return bindContext(fn)
      } catch (error) {
        report(
          invalidInput('bind: fn could not be read', {
            api: 'bind',
            error,
          }),
        )
        return fn
      }
    },

    inject(carrier, spanOrContext) {
      if (typeof carrier !== 'object' || carrier === null) {
        report(
          invalidInput('inject: carrier must be an object', {
            api: 'inject',
          }),
        )
        return carrier
      }
      let context: SpanContext | undefined
      try {
        const source = spanOrContext === undefined ? tracer.activeSpanContext() : contextOf(spanOrContext)
        context = validSpanContext(source)
      } catch {
        // A hostile span or context object: read as no context (reported below).
      }
      if (context === undefined) {
        if (spanOrContext !== undefined) {
          report(
            invalidInput('inject: not a valid span or span context', {
              api: 'inject',
            }),
          )
        }
        return carrier
      }
      try {
        injectContext(carrier, context)
      } catch (error) {
        report(
          invalidInput('inject: carrier could not be written', {
            api: 'inject',
            error,
          }),
        )
      }
      return carrier
    },

    extract(carrier) {
      const result = extractContext(carrier)
      if (result.invalid !== undefined) {
        report(
          invalidContext(`extract: ${result.invalid}`, {
            api: 'extract',
            reason: result.invalid,
          }),
        )
      }
      return result.context
    },

    addSpanProcessor: (processor) => tracer.addSpanProcessor(processor),
    recordsSpans: () => tracer.recordsSpans(),

    [LAZY_METRICS]: getMetrics,
    recordMetric(name, value, tags) {
      try {
        getMetrics().record(name, value, tags)
      } catch (error) {
        report(
          dataDropped(`recordMetric ${describe(name)} failed`, {
            source: 'recordMetric',
            reason: 'engine_error',
            metric: describe(name),
            error,
          }),
        )
      }
    },

    log: logs.log,
    emitLog: logs.emit,
    addLogProcessor: logs.addProcessor,
    traceFields: logs.traceFields,
    withCorrelationId: (id, fn) => {
      if (typeof fn !== 'function') {
        report(
          invalidInput('withCorrelationId: fn must be a function', {
            api: 'withCorrelationId',
          }),
        )
        return undefined as never
      }
      if (typeof id !== 'string' || id === '') {
        report(
          invalidInput('withCorrelationId: id must be a non-empty string', {
            api: 'withCorrelationId',
          }),
        )
        return fn()
      }
      return withCorrelationId(id, fn)
    },
    correlationId: currentCorrelationId,

    redact,
    reportError(error) {
      if (isTelemetryError(error)) report(error)
      else
        report(
          invalidInput('reportError: expected a TelemetryError', {
            api: 'reportError',
            error,
          }),
        )
    },
    stats: () => reporter.stats(),

    forceFlush: async () => {
      await Promise.all([tracer.forceFlush(), logs.forceFlush()])
    },
    shutdown() {
      shutdownPromise ??= (async () => {
        try {
          metrics?.shutdown()
        } catch (error) {
          report(
            exportFailure('metrics shutdown failed', {
              exporter: 'metrics',
              error,
            }),
          )
        }
        disconnectSampler()
        await Promise.all([tracer.forceFlush(), logs.forceFlush()])
        await Promise.all([tracer.shutdown(), logs.shutdown()])
      })()
      return shutdownPromise
    },
  }
  const created = Object.setPrototypeOf(instance, instancePrototype) as TelemetryInstance
  const disconnectSampler = connectEventSampler(eventSampler, created, sampled, bus, report)
  return created
}

const LAZY_METRICS = Symbol('foundation-telemetry.lazy-metrics')

/**
 * The prototype of every instance. `metrics` is a getter here rather than in the instance's
 * object literal: V8 creates a literal with an accessor in dictionary mode, and then every
 * `t.execute`, `t.startSpan` and other `t.*` call pays a hash lookup instead of an inline-cached
 * load. The getter creates the engine on first access.
 */
const instancePrototype = {
  get metrics(): MetricsEngine {
    return (this as unknown as { [LAZY_METRICS]: () => MetricsEngine })[LAZY_METRICS]()
  },
}

function contextOf(value: Span | SpanContext): unknown {
  try {
    return typeof (value as Span).spanContext === 'function' ? (value as Span).spanContext() : value
  } catch {
    return undefined
  }
}

const DEFAULT_KEY = Symbol.for('foundation-telemetry.default')

/**
 * The process-wide default instance, shared by the ESM and CJS builds through `globalThis`.
 * Libraries emit here when the application gives them no instance.
 *
 * @example
 * import { telemetry } from '@foundation-telemetry/core'
 * telemetry.execute('foundation.cache.hit', { count: 1 }, { cache: 'prompts' })
 */
export const telemetry: TelemetryInstance = defaultInstance()

function defaultInstance(): TelemetryInstance {
  const registry = globalThis as Record<symbol, TelemetryInstance | undefined>
  const existing = registry[DEFAULT_KEY]
  if (existing !== undefined) return existing
  const created = createTelemetry()
  registry[DEFAULT_KEY] = created
  return created
}

/** `instanceof TelemetryError`, false for a value whose prototype cannot be read (a revoked Proxy). */
function isTelemetryError(value: unknown): value is TelemetryError {
  try {
    return value instanceof TelemetryError
  } catch {
    return false
  }
}

const OPTION_KEYS = [
  'service',
  'layer',
  'environment',
  'resource',
  'sampler',
  'redact',
  'onError',
  'clock',
  'enrich',
  'env',
  'eventSampler',
] as const satisfies ReadonlyArray<keyof CreateTelemetryOptions>

// Every option must be read: a key missing above would be silently ignored.
type UnreadOption = Exclude<keyof CreateTelemetryOptions, (typeof OPTION_KEYS)[number]>
const everyOptionRead: [UnreadOption] extends [never] ? true : UnreadOption = true
void everyOptionRead

/**
 * The options, read once into a plain object: an options object whose properties throw (a
 * Proxy, a getter) gives the defaults instead of an exception, and the error is reported.
 */
function readOptions(options: unknown): { opts: CreateTelemetryOptions; unreadable?: unknown } {
  if (typeof options !== 'object' || options === null) return { opts: {} }
  try {
    const opts: Record<string, unknown> = {}
    for (const key of OPTION_KEYS) {
      const value = (options as Record<string, unknown>)[key]
      if (value !== undefined) opts[key] = value
    }
    return { opts: opts as CreateTelemetryOptions }
  } catch (error) {
    return { opts: {}, unreadable: error }
  }
}
