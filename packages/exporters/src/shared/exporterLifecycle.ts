/**
 * What every push exporter (OTLP, StatsD, Datadog, InfluxDB, CloudWatch EMF, JSON lines) offers
 * the program that owns it, so shutdown code can treat them alike: its health counters, a flush
 * that resolves once what was accepted is delivered or given up, and an idempotent shutdown.
 */
import type { ExporterHealth } from './exporterHealth.ts'

/** The lifecycle every push exporter shares. No method throws or rejects. */
export interface ExporterLifecycle {
  /** Export health counters (also reported as `telemetry.exporter.*` metrics). */
  readonly health: ExporterHealth
  /** Deliver everything accepted so far; resolves when delivered or given up. */
  forceFlush(): Promise<void>
  /** A final flush, then stop timers and release outputs. Idempotent. */
  shutdown(): Promise<void>
}

/** A push exporter that also exports the telemetry's metrics on demand (OTLP, Datadog, JSON lines). */
export interface MetricsExporterLifecycle extends ExporterLifecycle {
  /** Collect the metrics and export them now. Resolves when delivered or given up; never rejects. */
  exportMetrics(): Promise<void>
}
