/**
 * winston, tied to traces: a format that adds `trace_id`, `span_id`, `trace_flags` and
 * `correlation_id` to every record written inside a span and, with `emit: true`, hands the record
 * to the telemetry's log processors as an OpenTelemetry log record.
 */
import { SeverityNumber } from '@foundation-telemetry/core'
import { type BridgeTelemetry, type LogBridgeOptions, recordAttributes } from './bridgeTelemetry.ts'

/** winston's npm levels mapped to OpenTelemetry severity numbers (`http` and `verbose` in between). */
const SEVERITY: Readonly<Record<string, number>> = {
  error: SeverityNumber.error,
  warn: SeverityNumber.warn,
  info: SeverityNumber.info,
  http: SeverityNumber.info + 1,
  verbose: SeverityNumber.debug + 1,
  debug: SeverityNumber.debug,
  silly: SeverityNumber.trace,
}

/** The severity number of a winston level name (npm or syslog levels); unknown names read as info. */
export function winstonSeverity(level: string): number {
  try {
    return winstonSeverityUnguarded(level)
  } catch {
    // Not the data this helper takes (or data whose fields throw): a neutral result, never an exception.
    return 9
  }
}

function winstonSeverityUnguarded(level: string): number {
  const known = SEVERITY[level]
  if (known !== undefined) return known
  if (level === 'emerg' || level === 'alert' || level === 'crit') return SeverityNumber.fatal
  if (level === 'warning') return SeverityNumber.warn
  if (level === 'notice') return SeverityNumber.info + 1
  return SeverityNumber.info
}

/** A winston record (logform's `TransformableInfo`). */
export interface WinstonInfo {
  level: string
  message: unknown
  [key: string | symbol]: unknown
}

/** A winston format: an object with `transform`, as `winston.format.combine` takes. */
export interface WinstonFormat {
  transform(info: WinstonInfo, options?: unknown): WinstonInfo | boolean
}

/**
 * A winston format that ties records to traces. Put it first in `format.combine(...)`.
 *
 * @example
 * ```ts
 * import winston from 'winston'
 * import { createTelemetry } from '@foundation-telemetry/core'
 * import { winstonTelemetry } from '@foundation-telemetry/exporters/winston'
 *
 * const t = createTelemetry({ service: 'planner' })
 * const logger = winston.createLogger({
 *   format: winston.format.combine(winstonTelemetry(t, { emit: true }), winston.format.json()),
 *   transports: [new winston.transports.Console()],
 * })
 * ```
 */
export function winstonTelemetry(t: BridgeTelemetry, options: LogBridgeOptions = {}): WinstonFormat {
  return {
    transform(info) {
      try {
        const fields = t.traceFields()
        for (const [key, value] of Object.entries(fields)) if (info[key] === undefined) info[key] = value
        if (options.emit === true) {
          const level = String(info.level)
          t.emitLog({
            severityNumber: winstonSeverity(level),
            severityText: level.toUpperCase(),
            body: typeof info.message === 'string' ? info.message : String(info.message ?? ''),
            attributes: recordAttributes(info as Record<string, unknown>),
            scope: 'winston',
          })
        }
      } catch {
        // The record is still logged; only its trace fields or its copy are missing.
      }
      return info
    },
  }
}
