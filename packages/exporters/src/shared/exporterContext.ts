/**
 * What every exporter resolves from its options the same way before it builds anything of its
 * own: the environment, the clock, its health counters and the redaction of what leaves the
 * process.
 */
import type { Clock } from '@foundation-telemetry/core'
import { systemClock } from '@foundation-telemetry/core'
import { createExporterHealth, type ExporterHealth } from './exporterHealth.ts'
import type { ExporterTelemetry } from './exporterTelemetry.ts'
import { createExportRedaction, type ExportRedaction } from './exportRedaction.ts'
import { type Env, processEnv } from './otelEnv.ts'

/** The options every exporter shares. */
export interface ExporterBaseOptions {
  /** Whose metrics are exported; also the default clock and the error hook. */
  telemetry?: ExporterTelemetry | undefined
  /** Defaults to the telemetry's clock, else the system clock. */
  clock?: Clock
  /** Defaults to `process.env`. */
  env?: Env
}

/** The resolved shared settings of one exporter. */
export interface ExporterContext {
  readonly env: Env
  readonly clock: Clock
  readonly health: ExporterHealth
  readonly redaction: ExportRedaction
}

/**
 * Resolve the shared settings of the exporter named `exporter` (its health metrics carry that
 * name); `redact: false` passes data through unredacted.
 *
 * @example
 * const { env, clock, health, redaction } = resolveExporterContext(options, 'statsd')
 */
export function resolveExporterContext(
  options: ExporterBaseOptions,
  exporter: string,
  redact = true,
): ExporterContext {
  const telemetry = options.telemetry
  return {
    env: options.env ?? processEnv(),
    clock: options.clock ?? telemetry?.clock ?? systemClock,
    health: createExporterHealth(telemetry, exporter),
    redaction: createExportRedaction(telemetry ?? {}, redact),
  }
}
