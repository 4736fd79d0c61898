/**
 * What every HTTP exporter (OTLP, Datadog) resolves from its options the same way before it
 * builds anything of its own: environment, clock, health counters and retry policy.
 */
import type { Clock } from '@foundation-telemetry/core'
import { createExporterHealth, type ExporterHealth } from './exporterHealth.ts'
import type { ExporterTelemetry } from './exporterTelemetry.ts'
import { type Env, processEnv } from './otelEnv.ts'
import { type RetryOptions, type RetryPolicy, retryPolicy } from './retry.ts'

/** The options an HTTP exporter shares with every other one. */
export interface HttpExporterBaseOptions {
  /** Whose metrics are exported; also the default clock and the error hook. */
  telemetry: ExporterTelemetry
  /** Defaults to the telemetry's clock. */
  clock?: Clock
  /** Defaults to `process.env`. */
  env?: Env
  /** Retry limits. Defaults to 5 attempts with jittered backoff from 1 s. */
  retry?: RetryOptions
}

/** The resolved shared settings of one HTTP exporter. */
export interface HttpExporterContext {
  readonly env: Env
  readonly clock: Clock
  readonly health: ExporterHealth
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
  return {
    env: options.env ?? processEnv(),
    clock: options.clock ?? options.telemetry.clock,
    health: createExporterHealth(options.telemetry, exporter),
    policy: retryPolicy(options.retry),
  }
}
