/**
 * Helpers shared by this package's tests (not exported from the package): a telemetry on a manual
 * clock, and a notifier that records what it is sent.
 */
import {
  createManualClock,
  createTelemetry,
  type ManualClock,
  type Telemetry,
  type TelemetryError,
} from '@foundation-telemetry/core'
import type { Notification, Notifier } from './types.ts'

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
