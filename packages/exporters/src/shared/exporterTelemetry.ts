/**
 * What exporters use of a telemetry instance. A structural subset of core's `Telemetry`, so a
 * full instance fits and tests can pass a small fake.
 */
import type { Telemetry } from '@foundation-telemetry/core'
import { dataDropped, exportFailure, type TelemetryError } from '@foundation-telemetry/core'

/** The part of `Telemetry` exporters read. */
export type ExporterTelemetry = Pick<
  Telemetry,
  'clock' | 'resource' | 'metrics' | 'reportError' | 'execute'
> &
  Partial<Pick<Telemetry, 'redact'>>

/** Where exporters report: the telemetry's error hook, when there is a telemetry instance. */
type ReportTarget = Pick<Telemetry, 'reportError'> | undefined

/** Report an export failure through the telemetry error hook; never throws. */
export const reportExportFailure = (
  telemetry: ReportTarget,
  message: string,
  details: Record<string, unknown>,
) => reportTelemetryError(telemetry, exportFailure(message, details))

/** Report dropped data through the telemetry error hook; never throws. */
export const reportDropped = (telemetry: ReportTarget, message: string, details: Record<string, unknown>) =>
  reportTelemetryError(telemetry, dataDropped(message, details))

/** Report `error` (made with core's error factories) through the telemetry error hook; never throws. */
export function reportTelemetryError(telemetry: ReportTarget, error: TelemetryError): void {
  try {
    telemetry?.reportError(error)
  } catch {
    // The error hook itself failed; there is nowhere left to report to.
  }
}

/** Emit a `telemetry.exporter.*` diagnostic event; never throws. */
export function emitExporterEvent(
  telemetry: Pick<Telemetry, 'execute'> | undefined,
  event: string,
  measurements: Record<string, number>,
  metadata: Record<string, unknown>,
): void {
  try {
    telemetry?.execute(event, measurements, metadata)
  } catch {
    // execute never throws by contract; this guards fakes and future changes.
  }
}
