import { type Clock, systemClock } from './clock.ts'
import { currentCorrelationId } from './correlation.ts'
import { redactTelemetryError } from './errorRedaction.ts'
import { createErrorReporter, type ErrorReporter } from './errorReporter.ts'
import type { TelemetryError } from './errors.ts'
import { guardedReportError, guardedWithCorrelationId } from './guardedCalls.ts'
import { createInstanceEvents, type InstanceEvents } from './instanceEvents.ts'
import { createInstanceLifecycle, type InstanceLifecycle } from './instanceLifecycle.ts'
import { createInstanceMetrics, type InstanceMetrics } from './instanceMetrics.ts'
import { createLogPipeline, type LogPipeline } from './logs.ts'
import type { MetricsEngine } from './metrics/createMetrics.ts'
import { createPropagation, type Propagation } from './propagation.ts'
import { createRedactor, type Redactor } from './redaction.ts'
import { type ResolvedResource, resolveResource } from './resource.ts'
import { connectEventSampler } from './sampledDelivery.ts'
import { createSelfMetrics } from './selfMetrics.ts'
import { createSpanApi } from './spanApi.ts'
import {
  type CreateTelemetryOptions,
  readOptions,
  readSampler,
  unreadableOptions,
} from './telemetryOptions.ts'
import { createTracer, type Tracer } from './tracer.ts'
import type { AttachOptions, Handler, Telemetry } from './types.ts'

export type { CreateTelemetryOptions } from './telemetryOptions.ts'

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
 * The error reporter of an instance. It emits `telemetry.*` events through the instance's own
 * `execute`, redacts with the instance's redactor and counts in its metrics, all created after
 * it (they report through it): each is reached late, through the returned setters.
 */
function createInstanceReporter(
  onError: unknown,
  metrics: () => MetricsEngine,
): ErrorReporter & { connect(execute: Telemetry['execute'], redact: Redactor): void } {
  let execute: Telemetry['execute'] | undefined
  let redact: Redactor | undefined
  const reporter = createErrorReporter({
    onError: typeof onError === 'function' ? (onError as (error: Error) => void) : undefined,
    emit: (event, measurements, metadata) => execute?.(event, measurements, metadata),
    redact: (error) => (redact === undefined ? error : redactTelemetryError(error, redact)),
    record: createSelfMetrics(metrics),
  })
  return {
    ...reporter,
    connect(e, r) {
      execute = e
      redact = r
    },
  }
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
  const reporter = createInstanceReporter(opts.onError, () => metrics.get())
  const report = reporter.report
  if (unreadable !== undefined) report(unreadableOptions(unreadable))
  const redact = createRedactor(opts.redact, report)

  const { service, layer, environment } = opts
  const env = opts.env ?? process.env
  const resource = resolveResource({ service, layer, environment, resource: opts.resource, env, report })
  const sampler = readSampler(opts.sampler, report)
  const tracer = createTracer({ clock, resource: resource.attributes, sampler, report })
  const activeSpanContext = tracer.activeSpanContext
  const logs = createLogPipeline({ clock, resource: resource.attributes, activeSpanContext, report })

  const events = createInstanceEvents({ options: opts, resource, activeSpanContext, report })
  const { bus, execute } = events
  reporter.connect(execute, redact)

  const metrics: InstanceMetrics = createInstanceMetrics({ clock, report, activeSpanContext, bus, execute })
  const propagation = createPropagation({ activeSpanContext, report })
  const span = createSpanApi({ clock, tracer, hasHandlers: events.path.hasHandlers, execute, report })
  const lifecycle = createInstanceLifecycle({
    tracer,
    logs,
    stopMetrics: () => metrics.shutdown(),
    disconnectSampler: () => disconnectSampler(),
  })

  const parts = {
    clock,
    resource,
    events,
    tracer,
    propagation,
    span,
    metrics,
    logs,
    report,
    redact,
    reporter,
  }
  const created = assembleInstance(parts, lifecycle)
  const { path, sampled } = events
  const disconnectSampler = connectEventSampler(events.sampler, created, sampled, path.handlersOf, report)
  return created
}

/** The pieces of an instance that {@link assembleInstance} exposes as `t.*`. */
interface InstanceParts {
  clock: Clock
  resource: ResolvedResource
  events: InstanceEvents
  tracer: Tracer
  propagation: Propagation
  span: Telemetry['span']
  metrics: InstanceMetrics
  logs: LogPipeline
  report: (error: TelemetryError) => void
  redact: Redactor
  reporter: ErrorReporter
}

/**
 * The instance object: one object literal of own data properties (so every `t.*` call is an
 * inline-cached load, see {@link instancePrototype}) over the instance's prototype.
 */
function assembleInstance(parts: InstanceParts, lifecycle: InstanceLifecycle): TelemetryInstance {
  const { resource, events, tracer, propagation, metrics, logs, report, reporter } = parts
  const { bus, path } = events
  const instance: Omit<TelemetryInstance, 'metrics'> & { [LAZY_METRICS]: () => MetricsEngine } = {
    service: resource.service,
    layer: resource.layer,
    environment: resource.environment,
    clock: parts.clock,
    resource: resource.attributes,

    execute: events.execute,
    event: path.event,
    // The overloads only type the handler's arguments; every handler is dispatched the same way.
    attach: ((
      id: string,
      names: string | readonly string[],
      handler: Handler,
      config?: unknown,
      attachOptions?: AttachOptions,
    ) => bus.attach(id, names, handler, config, attachOptions)) as Telemetry['attach'],
    detach: (id) => bus.detach(id),
    listHandlers: (prefix) => bus.listHandlers(prefix),
    hasHandlers: path.hasHandlers,

    span: parts.span,
    startSpan: (name, startOptions) => tracer.startSpan(name, startOptions),
    activeSpan: () => tracer.activeSpan(),
    withContext: (context, fn) => tracer.withContext(context, fn),
    bind: propagation.bind,
    inject: propagation.inject,
    extract: propagation.extract,
    addSpanProcessor: (processor) => tracer.addSpanProcessor(processor),
    recordsSpans: () => tracer.recordsSpans(),

    [LAZY_METRICS]: metrics.get,
    recordMetric: metrics.record,

    log: logs.log,
    emitLog: logs.emit,
    addLogProcessor: logs.addProcessor,
    traceFields: logs.traceFields,
    withCorrelationId: guardedWithCorrelationId(report),
    correlationId: currentCorrelationId,

    redact: parts.redact,
    reportError: guardedReportError(report),
    stats: () => reporter.stats(),

    forceFlush: lifecycle.forceFlush,
    shutdown: lifecycle.shutdown,
  }
  return Object.setPrototypeOf(instance, instancePrototype) as TelemetryInstance
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
