/**
 * Exporter factories never throw into the caller (telemetry never breaks the host): options are
 * read once into a plain object, and when building from them fails anyway (a Proxy, a throwing
 * getter, a telemetry object whose properties throw), the failure is reported where it still
 * can be and an exporter built from safe defaults, detached from any telemetry instance and
 * writing nowhere, is returned instead.
 */
import { Writable } from 'node:stream'
import { invalidInput, systemClock, type Telemetry } from '@foundation-telemetry/core'
import type { ExporterTelemetry } from './exporterTelemetry.ts'

/** The options as a plain object of their own enumerable properties; unreadable options read as `{}`. */
function plainOptions(options: unknown): Record<string, unknown> {
  if (typeof options !== 'object' || options === null) return {}
  try {
    return { ...(options as Record<string, unknown>) }
  } catch {
    return {}
  }
}

/** A telemetry stand-in with no metrics and nowhere to report: what a fallback exporter reads. */
function detachedTelemetry(): ExporterTelemetry & Pick<Telemetry, 'attach'> {
  return {
    clock: systemClock,
    resource: {},
    metrics: { collect: () => [] } as unknown as Telemetry['metrics'],
    reportError: () => {},
    execute: () => {},
    attach: () => () => {},
  }
}

/** A stream that discards what it is given (a fallback exporter must not write to stdout). */
function discard(): Writable {
  return new Writable({ write: (_chunk, _encoding, done) => done() })
}

/**
 * `build(options)`, or, when that throws, `build` of safe defaults; never throws.
 *
 * @example
 * export function createOtlpExporter(options: OtlpExporterOptions): OtlpExporter {
 *   return guardFactory('otlp', options, buildOtlpExporter)
 * }
 */
export function guardFactory<TOptions, TExporter>(
  exporter: string,
  options: TOptions,
  build: (options: TOptions) => TExporter,
): TExporter {
  const plain = plainOptions(options)
  try {
    return build(plain as TOptions)
  } catch (error) {
    try {
      const telemetry = plain.telemetry as Partial<Pick<Telemetry, 'reportError'>> | undefined
      telemetry?.reportError?.(
        invalidInput(
          `${exporter} exporter: options could not be used; this exporter is detached and sends nothing`,
          { api: `create ${exporter} exporter`, exporter, error },
        ),
      )
    } catch {
      // The telemetry object is itself the broken part: there is nowhere to report to.
    }
    return build({
      telemetry: detachedTelemetry(),
      env: {},
      stream: discard(),
      metricsInterval: 0,
      interval: 0,
      flushInterval: 0,
      events: false,
    } as TOptions)
  }
}
