// Placeholder: the metrics-engine issue replaces this file. The signature is the seam with core.
import type { MetricDefinition } from '@foundation-telemetry/taxonomy'
import type { Clock } from '../clock.ts'
import type { TelemetryError } from '../errors.ts'
import type { Measurements, Metadata, SpanContext } from '../types.ts'
import type { Metrics } from './types.ts'

/** What the metrics engine needs from its telemetry instance. */
export interface MetricsDeps {
  clock: Clock
  reportError: (error: TelemetryError) => void
  /** The active sampled span context, for exemplars. */
  activeSpanContext: () => SpanContext | undefined
  /** The taxonomy's definition of a metric name, if it has one. */
  findDefinition: (name: string) => MetricDefinition | undefined
  /** Emits runtime-metric events (`foundation.runtime.*`). */
  execute: (event: string, measurements: Measurements, metadata: Metadata) => void
}

/** The engine as core sees it: the public {@link Metrics} plus what `recordMetric` and shutdown need. */
export interface MetricsEngine extends Metrics {
  /** Find or create the instrument the taxonomy describes for `name`, and record `value`. */
  record(name: string, value: number, tags?: Record<string, unknown>): void
  /** Stop runtime metrics and timers. */
  shutdown(): void
}

export function createMetrics(_deps: MetricsDeps): MetricsEngine {
  throw new Error('metrics engine not built yet')
}
