/**
 * Counting and reporting dropped data for the line exporters (EMF, StatsD, JSONL): every drop is
 * counted, but only the first of an episode is reported, because reporting emits an event the
 * exporter may itself record, and a backed-up output must not turn that into a flood.
 */
import { createEpisodeReporter } from './episodeReporter.ts'
import type { DropReason, ExporterHealth, ExporterSignal } from './exporterHealth.ts'
import { type ExporterTelemetry, reportDropped } from './exporterTelemetry.ts'

/** Counts drops in an exporter's health and reports the first of each episode. */
export interface DropReporter {
  /** Count `count` dropped items of `signal`; report it when it is the first drop of the episode. */
  dropped(count: number, signal: ExporterSignal, reason: DropReason): void
  /** Start a new episode (call on each flush): the next drop is reported again. */
  newEpisode(): void
}

/**
 * Create the drop reporter of exporter `exporter`; `what` names the dropped data in messages,
 * e.g. `StatsD lines` gives `StatsD lines dropped (queue_full)`.
 *
 * @example
 * const drops = createDropReporter(telemetry, health, 'statsd', 'StatsD lines')
 * drops.dropped(1, 'lines', 'queue_full')
 */
export function createDropReporter(
  telemetry: Pick<ExporterTelemetry, 'reportError'> | undefined,
  health: ExporterHealth,
  exporter: string,
  what: string,
): DropReporter {
  const episode = createEpisodeReporter()
  return {
    dropped(count, signal, reason) {
      health.dropped(count, signal, reason)
      episode.once(() => reportDropped(telemetry, `${what} dropped (${reason})`, { exporter, reason, count }))
    },
    newEpisode: episode.rearm,
  }
}
