/**
 * The Prometheus exporter's own health: the shared exporter counters
 * (`telemetry.exporter.exported`/`failed`, tagged `exporter="prometheus"`) plus what only a
 * pull exporter has: scrapes served by status code and the last serialization's duration.
 */
import { createExporterHealth, type HealthTarget } from '../shared/exporterHealth.ts'
import type { ExpositionFormat } from './serializer.ts'

/** Metric names the Prometheus exporter adds to the shared exporter-health ones. */
export const scrapeMetricNames = {
  /** Scrapes answered, tagged `exporter` and `code` (HTTP status). Counter. */
  scrapes: 'telemetry.exporter.scrapes',
  /** How long the last serialization took, tagged `exporter` and `format`. Gauge, ms. */
  serializeDuration: 'telemetry.exporter.serialize_duration',
} as const

interface Bound {
  add?(value: number): void
  set?(value: number): void
}

/** Health reporting of one Prometheus exporter. Every method is cheap and never throws. */
export interface ScrapeHealth {
  serialized(series: number, format: ExpositionFormat, durationMs: number): void
  failed(): void
  scraped(code: number): void
}

/** Create the health reporter; instruments are created lazily and bound once per tag set. */
export function createScrapeHealth(telemetry: HealthTarget): ScrapeHealth {
  const shared = createExporterHealth(telemetry, 'prometheus')
  const bound = new Map<string, Bound | undefined>()
  const bind = (key: string, create: () => Bound): Bound | undefined => {
    if (bound.has(key)) return bound.get(key)
    let instrument: Bound | undefined
    try {
      instrument = create()
    } catch {
      // A metrics engine that cannot create the instrument must not take scrapes down with it.
      instrument = undefined
    }
    if (bound.size < 100) bound.set(key, instrument)
    return instrument
  }
  return {
    serialized(series, format, durationMs) {
      shared.exported(series, 'metrics')
      const gauge = bind('duration|' + format, () =>
        telemetry.metrics
          .gauge(scrapeMetricNames.serializeDuration, {
            unit: 'ms',
            description: 'Duration of the last Prometheus exposition serialization',
          })
          .bind({ exporter: 'prometheus', format }),
      )
      try {
        gauge?.set?.(durationMs)
      } catch {
        // Same reason as above: health reporting is best effort.
      }
    },
    failed() {
      shared.failed(1, 'metrics')
    },
    scraped(code) {
      const counter = bind('scrapes|' + code, () =>
        telemetry.metrics
          .counter(scrapeMetricNames.scrapes, {
            unit: '{scrape}',
            description: 'Scrapes answered by the Prometheus exporter, by HTTP status',
          })
          .bind({ exporter: 'prometheus', code: String(code) }),
      )
      try {
        counter?.add?.(1)
      } catch {
        // Same reason as above: health reporting is best effort.
      }
    },
  }
}
