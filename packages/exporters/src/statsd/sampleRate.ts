/**
 * StatsD sample rates: a rate in 0..1 is used as given; anything else is sent unsampled (rate 1)
 * and reported as invalid input, once per flush interval, so a caller passing a bad rate on every
 * call cannot flood the error hook.
 */
import { invalidInput } from '@foundation-telemetry/core'
import { createEpisodeReporter } from '../shared/episodeReporter.ts'
import { type ExporterTelemetry, reportTelemetryError } from '../shared/exporterTelemetry.ts'

/** Reads sample rates, reporting the first bad one of each interval. */
export interface SampleRateReader {
  /** `rate` when it is a number in 0..1, else 1 (reported unless already reported this interval). */
  read(rate: unknown): number
  /** Start a new interval: the next bad rate is reported again. */
  newInterval(): void
}

/**
 * Create the sample-rate reader of one StatsD exporter.
 *
 * @example
 * const rates = createSampleRateReader(telemetry, 'statsd')
 * const rate = rates.read(options.sampleRate ?? 1)
 */
export function createSampleRateReader(
  telemetry: Pick<ExporterTelemetry, 'reportError'> | undefined,
  exporter: string,
): SampleRateReader {
  const episode = createEpisodeReporter()
  const report = (sampleRate: unknown) =>
    reportTelemetryError(
      telemetry,
      invalidInput(`StatsD sample rate ${String(sampleRate)} is not between 0 and 1; sending unsampled`, {
        exporter,
        sampleRate,
      }),
    )
  return {
    read(rate) {
      if (typeof rate === 'number' && rate >= 0 && rate <= 1) return rate
      episode.once(() => report(rate))
      return 1
    },
    newInterval: episode.rearm,
  }
}
