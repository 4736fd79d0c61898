/**
 * pino, tied to traces: `mixin` adds `trace_id`, `span_id`, `trace_flags` and `correlation_id` to
 * every line written inside a span; with `emit: true`, `hooks.logMethod` also hands each call to
 * the telemetry's log processors as an OpenTelemetry log record.
 */
import { SeverityNumber } from '@foundation-telemetry/core'
import { type BridgeTelemetry, type LogBridgeOptions, recordAttributes } from './bridgeTelemetry.ts'

/** pino's numeric levels mapped to OpenTelemetry severity numbers. */
export function pinoSeverity(level: number): number {
  try {
    return pinoSeverityUnguarded(level)
  } catch {
    // Not the data this helper takes (or data whose fields throw): a neutral result, never an exception.
    return 9
  }
}

function pinoSeverityUnguarded(level: number): number {
  if (level >= 60) return SeverityNumber.fatal
  if (level >= 50) return SeverityNumber.error
  if (level >= 40) return SeverityNumber.warn
  if (level >= 30) return SeverityNumber.info
  if (level >= 20) return SeverityNumber.debug
  return SeverityNumber.trace
}

const LEVEL_NAMES: Readonly<Record<number, string>> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
}

/** The pino options this bridge sets: spread them into `pino({...})`. */
export interface PinoTelemetryOptions {
  mixin(): Record<string, string>
  hooks?: {
    logMethod(this: unknown, args: unknown[], method: (...args: unknown[]) => void, level: number): void
  }
}

/**
 * pino options that tie its records to traces.
 *
 * @example
 * ```ts
 * import pino from 'pino'
 * import { createTelemetry } from '@foundation-telemetry/core'
 * import { pinoTelemetry } from '@foundation-telemetry/exporters/pino'
 *
 * const t = createTelemetry({ service: 'planner' })
 * const logger = pino({ ...pinoTelemetry(t, { emit: true }), level: 'info' })
 * t.span('plan', {}, () => logger.info({ step: 3 }, 'planning')) // carries trace_id and span_id
 * ```
 */
export function pinoTelemetry(t: BridgeTelemetry, options: LogBridgeOptions = {}): PinoTelemetryOptions {
  try {
    return pinoTelemetryUnguarded(t, options)
  } catch {
    // A host or options that cannot be read: the mixin alone, adding nothing, never an exception.
    return { mixin: () => ({}) }
  }
}

function pinoTelemetryUnguarded(t: BridgeTelemetry, options: LogBridgeOptions = {}): PinoTelemetryOptions {
  const mixin = () => {
    try {
      return t.traceFields() as Record<string, string>
    } catch {
      return {}
    }
  }
  if (options.emit !== true) return { mixin }
  return {
    mixin,
    hooks: {
      logMethod(args, method, level) {
        try {
          const [first, second] = args
          const fields =
            typeof first === 'object' && first !== null ? (first as Record<string, unknown>) : undefined
          const message =
            fields === undefined
              ? String(first)
              : typeof second === 'string'
                ? second
                : fields instanceof Error
                  ? fields.message
                  : String(fields.msg ?? '')
          t.emitLog({
            severityNumber: pinoSeverity(level),
            severityText: LEVEL_NAMES[level] ?? 'INFO',
            body: message,
            attributes: recordAttributes(fields instanceof Error ? { error: fields } : fields),
            scope: 'pino',
          })
        } catch {
          // A record that cannot be read is still logged by pino; only its copy is skipped.
        }
        method.apply(this, args)
      },
    },
  }
}
