/**
 * Helpers shared by this package's tests (not exported from the package): a telemetry on a manual
 * clock (alone or with an alerting engine on it), a notifier that records what it is sent, and
 * metric rules to vary.
 */
import {
  createManualClock,
  createTelemetry,
  type ManualClock,
  type Telemetry,
  type TelemetryError,
} from '@foundation-telemetry/core'
import { type Alerting, type AlertingOptions, createAlerting } from './alerting.ts'
import type { MetricRule, Notification, Notifier } from './types.ts'

/** What {@link manualTelemetry} returns. */
export interface ManualTelemetry {
  t: Telemetry
  clock: ManualClock
  errors: TelemetryError[]
}

/** A telemetry instance on a manual clock, collecting reported errors. */
export function manualTelemetry(): ManualTelemetry {
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

/** An alerting engine on a fresh {@link manualTelemetry}; the test stops it. */
export function manualAlerting(
  options: Omit<AlertingOptions, 'telemetry'>,
): ManualTelemetry & { alerting: Alerting } {
  const env = manualTelemetry()
  return { ...env, alerting: createAlerting({ telemetry: env.t, ...options }) }
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

/** A rule on the gauge `test.<name in lower case>`: fires above 0. */
export function gaugeRule(name: string, severity: 'warning' | 'critical' = 'warning'): MetricRule {
  return {
    name,
    metric: `test.${name.toLowerCase()}`,
    aggregate: 'value',
    comparator: '>',
    threshold: 0,
    severity,
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
