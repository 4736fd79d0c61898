/**
 * Every exporter reports its own health as metrics on the telemetry instance it serves, so a
 * stalled collector or a full queue shows up on the same dashboards as everything else.
 */

/** Metric names of exporter health, all tagged `exporter` (and `signal`, `reason` where they apply). */
export const exporterHealthMetricNames = {
  /** Items (spans, metric points, events, lines) delivered. Counter. */
  exported: 'telemetry.exporter.exported',
  /** Items dropped before delivery (full queue, oversized, shutdown). Counter; tag `reason`. */
  dropped: 'telemetry.exporter.dropped',
  /** Items whose delivery failed after retries. Counter. */
  failed: 'telemetry.exporter.failed',
  /** Items waiting in the exporter's queue. Gauge. */
  queueDepth: 'telemetry.exporter.queue_depth',
} as const

/** What an exporter reports about itself. */
export type ExporterSignal = 'spans' | 'metrics' | 'logs' | 'events' | 'lines'

/** Why items were dropped, as the `reason` tag. */
export type DropReason = 'queue_full' | 'oversized' | 'shutdown' | 'rejected' | 'encode_error' | (string & {})

/** The health counters of one exporter instance. Every method is cheap and never throws. */
export interface ExporterHealth {
  /** The `exporter` tag value. */
  readonly exporter: string
  exported(count: number, signal: ExporterSignal): void
  dropped(count: number, signal: ExporterSignal, reason: DropReason): void
  failed(count: number, signal: ExporterSignal): void
  queueDepth(depth: number, signal: ExporterSignal): void
  /** Totals since creation, for tests and `/healthz`-style endpoints. */
  totals(): Readonly<{ exported: number; dropped: number; failed: number }>
}

interface BoundCounter {
  add(value: number): void
}
interface BoundGauge {
  set(value: number): void
}
interface InstrumentOptions {
  unit: string
  description: string
}

/**
 * The part of a telemetry instance exporter health needs (structurally `Pick<Telemetry, 'metrics'>`),
 * so a test can pass a fake and the health module does not pin core's full surface.
 */
export interface HealthTarget {
  readonly metrics: {
    counter(name: string, options: InstrumentOptions): { bind(tags: Record<string, string>): BoundCounter }
    gauge(name: string, options: InstrumentOptions): { bind(tags: Record<string, string>): BoundGauge }
  }
}

/**
 * Create the health reporter for one exporter. Metric instruments are resolved lazily and bound
 * per tag set, so reporting from the export path costs a map lookup at most. When `telemetry`
 * is absent (or its metrics engine fails), the totals are still kept.
 *
 * @example
 * const health = createExporterHealth(telemetry, 'otlp')
 * health.exported(batch.length, 'spans')
 * health.dropped(1, 'spans', 'queue_full')
 */
export function createExporterHealth(telemetry: HealthTarget | undefined, exporter: string): ExporterHealth {
  let exportedTotal = 0
  let droppedTotal = 0
  let failedTotal = 0
  const counters = new Map<string, BoundCounter | undefined>()
  const gauges = new Map<string, BoundGauge | undefined>()

  const counter = (name: string, signal: ExporterSignal, reason?: string): BoundCounter | undefined => {
    const key = reason === undefined ? `${name}|${signal}` : `${name}|${signal}|${reason}`
    if (counters.has(key)) return counters.get(key)
    let bound: BoundCounter | undefined
    try {
      const tags: Record<string, string> = { exporter, signal }
      if (reason !== undefined) tags.reason = reason
      bound = telemetry?.metrics
        .counter(name, { unit: '{item}', description: descriptions[name] ?? name })
        .bind(tags)
    } catch {
      // The metrics engine is optional here: totals still work without it.
      bound = undefined
    }
    counters.set(key, bound)
    return bound
  }

  const gauge = (signal: ExporterSignal): BoundGauge | undefined => {
    if (gauges.has(signal)) return gauges.get(signal)
    let bound: BoundGauge | undefined
    try {
      bound = telemetry?.metrics
        .gauge(exporterHealthMetricNames.queueDepth, {
          unit: '{item}',
          description: descriptions[exporterHealthMetricNames.queueDepth] ?? '',
        })
        .bind({ exporter, signal })
    } catch {
      bound = undefined
    }
    gauges.set(signal, bound)
    return bound
  }

  const safeAdd = (bound: BoundCounter | undefined, count: number) => {
    try {
      bound?.add(count)
    } catch {
      // A broken metrics engine must not break the export path.
    }
  }

  return {
    exporter,
    exported(count, signal) {
      if (!(count > 0)) return
      exportedTotal += count
      safeAdd(counter(exporterHealthMetricNames.exported, signal), count)
    },
    dropped(count, signal, reason) {
      if (!(count > 0)) return
      droppedTotal += count
      safeAdd(counter(exporterHealthMetricNames.dropped, signal, reason), count)
    },
    failed(count, signal) {
      if (!(count > 0)) return
      failedTotal += count
      safeAdd(counter(exporterHealthMetricNames.failed, signal), count)
    },
    queueDepth(depth, signal) {
      try {
        gauge(signal)?.set(depth)
      } catch {
        // See safeAdd.
      }
    },
    totals: () => ({ exported: exportedTotal, dropped: droppedTotal, failed: failedTotal }),
  }
}

const descriptions: Record<string, string> = {
  [exporterHealthMetricNames.exported]: 'Items an exporter delivered to its backend.',
  [exporterHealthMetricNames.dropped]: 'Items an exporter dropped before delivery, by reason.',
  [exporterHealthMetricNames.failed]: 'Items whose delivery failed after every retry.',
  [exporterHealthMetricNames.queueDepth]: 'Items waiting in an exporter queue.',
}
