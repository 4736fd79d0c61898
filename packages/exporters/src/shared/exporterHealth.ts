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

/** A counter bound to one tag set. */
export interface BoundCounter {
  add(value: number): void
}
/** A gauge bound to one tag set. */
export interface BoundGauge {
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
  const instruments = new HealthInstruments(telemetry, exporter)
  let exportedTotal = 0
  let droppedTotal = 0
  let failedTotal = 0
  return {
    exporter,
    exported(count, signal) {
      if (!(count > 0)) return
      exportedTotal += count
      safeAdd(instruments.counter(exporterHealthMetricNames.exported, signal), count)
    },
    dropped(count, signal, reason) {
      if (!(count > 0)) return
      droppedTotal += count
      safeAdd(instruments.counter(exporterHealthMetricNames.dropped, signal, reason), count)
    },
    failed(count, signal) {
      if (!(count > 0)) return
      failedTotal += count
      safeAdd(instruments.counter(exporterHealthMetricNames.failed, signal), count)
    },
    queueDepth(depth, signal) {
      try {
        instruments.gauge(signal)?.set(depth)
      } catch {
        // See safeAdd.
      }
    },
    totals: () => ({ exported: exportedTotal, dropped: droppedTotal, failed: failedTotal }),
  }
}

/**
 * The health instruments of one exporter, each resolved and bound on first use and then kept,
 * so reporting costs a map lookup. An instrument the metrics engine cannot give (none, or one
 * that throws) is remembered as `undefined`: it is not asked again.
 */
export class HealthInstruments {
  readonly #telemetry: HealthTarget | undefined
  readonly #exporter: string
  readonly #counters = new Map<string, BoundCounter | undefined>()
  readonly #gauges = new Map<string, BoundGauge | undefined>()

  constructor(telemetry: HealthTarget | undefined, exporter: string) {
    this.#telemetry = telemetry
    this.#exporter = exporter
  }

  /** Counter `name` bound to this exporter, `signal` and (when given) `reason`. */
  counter(name: string, signal: ExporterSignal, reason?: string): BoundCounter | undefined {
    const key = reason === undefined ? `${name}|${signal}` : `${name}|${signal}|${reason}`
    if (this.#counters.has(key)) return this.#counters.get(key)
    let bound: BoundCounter | undefined
    try {
      const tags: Record<string, string> = { exporter: this.#exporter, signal }
      if (reason !== undefined) tags.reason = reason
      bound = this.#telemetry?.metrics
        .counter(name, { unit: '{item}', description: descriptions[name] ?? name })
        .bind(tags)
    } catch {
      // The metrics engine is optional here: totals still work without it.
      bound = undefined
    }
    this.#counters.set(key, bound)
    return bound
  }

  /** The queue-depth gauge bound to this exporter and `signal`. */
  gauge(signal: ExporterSignal): BoundGauge | undefined {
    if (this.#gauges.has(signal)) return this.#gauges.get(signal)
    let bound: BoundGauge | undefined
    try {
      bound = this.#telemetry?.metrics
        .gauge(exporterHealthMetricNames.queueDepth, {
          unit: '{item}',
          description: descriptions[exporterHealthMetricNames.queueDepth] ?? '',
        })
        .bind({ exporter: this.#exporter, signal })
    } catch {
      bound = undefined
    }
    this.#gauges.set(signal, bound)
    return bound
  }
}

function safeAdd(bound: BoundCounter | undefined, count: number): void {
  try {
    bound?.add(count)
  } catch {
    // A broken metrics engine must not break the export path.
  }
}

const descriptions: Record<string, string> = {
  [exporterHealthMetricNames.exported]: 'Items an exporter delivered to its backend.',
  [exporterHealthMetricNames.dropped]: 'Items an exporter dropped before delivery, by reason.',
  [exporterHealthMetricNames.failed]: 'Items whose delivery failed after every retry.',
  [exporterHealthMetricNames.queueDepth]: 'Items waiting in an exporter queue.',
}
