import { findMetricDefinition } from '@foundation-telemetry/taxonomy'
import type { Bus } from './bus.ts'
import type { Clock } from './clock.ts'
import { dataDropped, exportFailure, type TelemetryError } from './errors.ts'
import { createMetrics, type MetricsEngine } from './metrics/createMetrics.ts'
import { describe } from './metrics/instrument.ts'
import { isSampled } from './spanContext.ts'
import { measurementUnitOf } from './taxonomyMetrics.ts'
import type { Measurements, Metadata, SpanContext, Telemetry } from './types.ts'

/** The metrics engine of one instance, created on first use. */
export interface InstanceMetrics {
  /** The engine (created now if it was not yet). */
  get(): MetricsEngine
  /** `t.recordMetric`: a failing engine is reported, never thrown. */
  record: Telemetry['recordMetric']
  /** Shut the engine down if it was created; a failure is reported. */
  shutdown(): void
}

/** What {@link createInstanceMetrics} needs from its instance. */
export interface InstanceMetricsOptions {
  clock: Clock
  report: (error: TelemetryError) => void
  activeSpanContext: () => SpanContext | undefined
  bus: Pick<Bus, 'attach'>
  execute: (event: string, measurements?: Measurements, metadata?: Metadata) => void
}

const DURABLE = { durable: true }
const DURABLE_AS_GIVEN = { durable: true, enrich: false }

/** Create the lazy metrics side of an instance: nothing is built until something records. */
export function createInstanceMetrics(options: InstanceMetricsOptions): InstanceMetrics {
  const { clock, report, activeSpanContext, bus, execute } = options
  let engine: MetricsEngine | undefined

  const get = (): MetricsEngine => {
    engine ??= createMetrics({
      clock,
      reportError: report,
      // Exemplars link to traces that are exported: only a sampled span's context is offered.
      activeSpanContext: () => {
        const context = activeSpanContext()
        return context !== undefined && isSampled(context) ? context : undefined
      },
      findDefinition: findMetricDefinition,
      measurementUnitOf,
      // A handler that reads no enrichment key takes metadata as given; the others follow the instance.
      attach: (id, events, handler, { readsEnrichment }) =>
        bus.attach(id, events, handler, undefined, readsEnrichment ? DURABLE : DURABLE_AS_GIVEN),
      execute,
    })
    return engine
  }

  return {
    get,
    record(name, value, tags) {
      try {
        get().record(name, value, tags)
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
    shutdown() {
      try {
        engine?.shutdown()
      } catch (error) {
        report(
          exportFailure('metrics shutdown failed', {
            exporter: 'metrics',
            error,
          }),
        )
      }
    },
  }
}
