/**
 * How alerting reports what it absorbs, through the telemetry's one error hook: rule problems
 * (`invalid_input` with the rule's name and field, counted per rule and field), bad options, and
 * the outbox's outcomes (deliveries and retries counted; refusals as `export_failure`, drops as
 * `data_dropped`).
 */
import { dataDropped, exportFailure, invalidInput, type Telemetry } from '@foundation-telemetry/core'
import type { AlertMetrics } from './alertMetrics.ts'
import { parseDuration } from './duration.ts'
import type { OutboxHooks } from './outbox.ts'
import type { Duration } from './types.ts'

/** The reporter of one alerting instance. */
export interface AlertingReporter {
  /** A rule field that cannot be used as written. */
  rule(rule: string, field: string, message: string, details?: Record<string, unknown>): void
  /** An option that cannot be used as written. */
  option(field: string, message: string): void
  /** A duration option, or `fallback` (reported) when it is not one. */
  duration(field: string, value: Duration | undefined, fallback: number, allowZero?: boolean): number
  /** The outbox's hooks. */
  outbox: OutboxHooks
}

/** Create the reporter of an alerting instance recording to `metrics`. */
export function createReporter(t: Telemetry, alertMetrics: AlertMetrics): AlertingReporter {
  const metrics = () => alertMetrics
  const option = (field: string, message: string) =>
    t.reportError(
      invalidInput(`alerting: ${field}: ${message}`, {
        api: 'alerting',
        field,
      }),
    )
  return {
    rule(rule, field, message, details = {}) {
      metrics().problems.add(1, { alertname: rule, field })
      t.reportError(
        invalidInput(`alert rule ${rule}: ${field}: ${message}`, {
          api: 'alerting',
          rule,
          field,
          ...details,
        }),
      )
    },
    option,
    duration(field, value, fallback, allowZero = true) {
      if (value === undefined) return fallback
      const ms = parseDuration(value)
      if (ms === undefined || (!allowZero && ms === 0)) {
        option(field, `invalid duration ${JSON.stringify(value)}; using ${fallback} ms`)
        return fallback
      }
      return ms
    },
    outbox: {
      delivered: (receiver) => metrics().notifications.add(1, { notifier: receiver, outcome: 'delivered' }),
      retrying: (receiver) => metrics().retries.add(1, { notifier: receiver }),
      failed: (receiver, error, reason) => {
        metrics().notifications.add(1, { notifier: receiver, outcome: 'failed' })
        t.reportError(
          exportFailure(
            `notifier ${receiver}: ${reason === 'rejected' ? 'refused' : 'gave up'}: ${String(error)}`,
            { exporter: `alerting.${receiver}`, notifier: receiver, error },
          ),
        )
      },
      dropped: (receiver, reason) => {
        metrics().notifications.add(1, { notifier: receiver, outcome: 'dropped' })
        t.reportError(
          dataDropped(`notifier ${receiver}: notification dropped: ${reason}`, {
            source: 'alerting.outbox',
            reason,
            notifier: receiver,
          }),
        )
      },
      problem: (message, details) =>
        t.reportError(
          exportFailure(message, {
            exporter: 'alerting.outbox',
            ...details,
          }),
        ),
    },
  }
}
