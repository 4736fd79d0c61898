/**
 * What every HTTP exporter (OTLP, Datadog, InfluxDB) resolves from its options the same way
 * before it builds anything of its own: the shared exporter settings plus the retry policy.
 */
import { type ExporterBaseOptions, type ExporterContext, resolveExporterContext } from './exporterContext.ts'
import type { ExporterTelemetry } from './exporterTelemetry.ts'
import { type RetryOptions, type RetryPolicy, retryPolicy } from './retry.ts'

/** The options an HTTP exporter shares with every other one. */
export interface HttpExporterBaseOptions extends ExporterBaseOptions {
  /** Whose metrics are exported; also the default clock and the error hook. */
  telemetry: ExporterTelemetry
  /** Retry limits. Defaults to 5 attempts with jittered backoff from 1 s. */
  retry?: RetryOptions
}

/** The resolved shared settings of one HTTP exporter. */
export interface HttpExporterContext extends ExporterContext {
  readonly policy: RetryPolicy
}

/**
 * Resolve the shared settings of the HTTP exporter named `exporter` (its health metrics carry
 * that name).
 *
 * @example
 * const { env, clock, health, policy } = resolveHttpExporterContext(options, 'datadog')
 */
export function resolveHttpExporterContext(
  options: HttpExporterBaseOptions,
  exporter: string,
): HttpExporterContext {
  return { ...resolveExporterContext(options, exporter), policy: retryPolicy(options.retry) }
}
