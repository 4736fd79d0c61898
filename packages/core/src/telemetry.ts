import { createBus } from './bus.ts'
import { systemClock } from './clock.ts'
import { currentCorrelationId } from './correlation.ts'
import { createDelivery } from './delivery.ts'
import { createEventEnricher } from './enrichment.ts'
import { redactTelemetryError } from './errorRedaction.ts'
import { createErrorReporter, type ErrorReporter } from './errorReporter.ts'
import { createEventPath } from './eventHandle.ts'
import { guardedReportError, guardedWithCorrelationId } from './guardedCalls.ts'
import { createInstanceMetrics, type InstanceMetrics } from './instanceMetrics.ts'
import { createLogPipeline } from './logs.ts'
import type { MetricsEngine } from './metrics/createMetrics.ts'
import { createPropagation } from './propagation.ts'
import { createRedactor, type Redactor } from './redaction.ts'
import { resolveResource } from './resource.ts'
import { connectEventSampler, createSampledDelivery, resolveEventSampler } from './sampledDelivery.ts'
import { createSelfMetrics } from './selfMetrics.ts'
import { createSpanApi } from './spanApi.ts'
import {
  type CreateTelemetryOptions,
  readOptions,
  readSampler,
  unreadableOptions,
} from './telemetryOptions.ts'
import { createTracer } from './tracer.ts'
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

  const eventSampler = resolveEventSampler(opts, report)
  const sampled = createSampledDelivery(eventSampler, (a, e, m, md) => bus.call(a, e, m, md), report)
  // Handlers take enriched metadata unless the instance or their own attach options say otherwise.
  const bus = createBus(report, { groupSampled: sampled.group, enrichByDefault: opts.enrich !== false })
  const enrich = createEventEnricher({ resource, activeSpanContext, report })
  const deliver = createDelivery({ caller: bus, enrich, report })
  const events = createEventPath({ bus, deliver, enrich, report })
  const execute = events.execute as Telemetry['execute']
  reporter.connect(execute, redact)

  const metrics: InstanceMetrics = createInstanceMetrics({ clock, report, activeSpanContext, bus, execute })
  const propagation = createPropagation({ activeSpanContext, report })
  const span = createSpanApi({ clock, tracer, hasHandlers: events.hasHandlers, execute, report })

  let shutdownPromise: Promise<void> | undefined
  const instance: Omit<TelemetryInstance, 'metrics'> & { [LAZY_METRICS]: () => MetricsEngine } = {
    service: resource.service,
    layer: resource.layer,
    environment: resource.environment,
    clock,
    resource: resource.attributes,

    execute,
    event: events.event,
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
    hasHandlers: events.hasHandlers,

    span,
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

    redact,
    reportError: guardedReportError(report),
    stats: () => reporter.stats(),

    forceFlush: async () => {
      await Promise.all([tracer.forceFlush(), logs.forceFlush()])
    },
    shutdown() {
      shutdownPromise ??= (async () => {
        metrics.shutdown()
        disconnectSampler()
        await Promise.all([tracer.forceFlush(), logs.forceFlush()])
        await Promise.all([tracer.shutdown(), logs.shutdown()])
      })()
      return shutdownPromise
    },
  }
  const created = Object.setPrototypeOf(instance, instancePrototype) as TelemetryInstance
  const disconnectSampler = connectEventSampler(eventSampler, created, sampled, events.handlersOf, report)
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
