/**
 * Helpers shared by this package's tests (not exported from the package): a telemetry on a manual
 * clock, a notifier that records what it is sent, and a metric rule to vary.
 */
import {
  createManualClock,
  createTelemetry,
  type ManualClock,
  type Telemetry,
  type TelemetryError,
} from '@foundation-telemetry/core'
import type { MetricRule, Notification, Notifier } from './types.ts'

/** A telemetry instance on a manual clock, collecting reported errors. */
export function manualTelemetry(): { t: Telemetry; clock: ManualClock; errors: TelemetryError[] } {
  const clock = createManualClock()
  const errors: TelemetryError[] = []
  const t = createTelemetry({
    service: 'alerting-test',
    clock,
    enrich: false,
    onError: (e) => errors.push(e),
  })
  return { t, clock, errors }
}

/** A notifier that records every notification it gets. */
export function recordingNotifier(name = 'recorder'): Notifier & { sent: Notification[] } {
  const sent: Notification[] = []
  return {
    name,
    sent,
    send: async (n) => {
      sent.push(n)
    },
  }
}

/** A rule on the error-rate gauge: over 5 %, with `extra` fields. */
export function errorRateRule(name: string, extra: Partial<MetricRule> = {}): MetricRule {
  return {
    name,
    metric: 'foundation.error_rate',
    aggregate: 'value',
    comparator: '>',
    threshold: 0.05,
    severity: 'warning',
    ...extra,
  }
}
