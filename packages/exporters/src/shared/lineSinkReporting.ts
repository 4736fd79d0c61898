/**
 * What a line-writing exporter (EMF, JSONL) reports about its sink, in one place: lines written,
 * failed and queued go to its health counters, drops to its drop reporter, and an output failure
 * to the error hook once per outage (a successful write ends the outage), so a broken stream or
 * a stalled flush does not flood the hook.
 */
import type { Clock } from '@foundation-telemetry/core'
import { createEpisodeReporter } from './episodeReporter.ts'
import type { ExporterHealth } from './exporterHealth.ts'
import type { LineSinkOptions } from './lineSink.ts'

/** Where {@link lineSinkReporting} sends what it sees. */
export interface LineSinkReportingHooks {
  health: ExporterHealth
  clock: Clock
  /** Lines the sink dropped, and why. */
  dropped: (lines: number, reason: 'queue_full' | 'shutdown') => void
  /** The output failed; called once per outage. */
  failed: (error: unknown) => void
}

/** The reporting callbacks (and clock) of a line sink's options. */
export type LineSinkReporting = Pick<
  LineSinkOptions,
  'onDrop' | 'onWritten' | 'onError' | 'onDepth' | 'clock'
>

/**
 * The reporting half of a line sink's options.
 *
 * @example
 * const sink = createLineSink({ stream, ...lineSinkReporting({ health, clock, dropped, failed }) })
 */
export function lineSinkReporting(hooks: LineSinkReportingHooks): LineSinkReporting {
  const { health, failed } = hooks
  const outage = createEpisodeReporter()
  return {
    onDrop: hooks.dropped,
    onWritten: (lines) => {
      outage.rearm()
      health.exported(lines, 'lines')
    },
    onError: (error) => {
      health.failed(1, 'lines')
      outage.once(() => failed(error))
    },
    onDepth: (depth) => health.queueDepth(depth, 'lines'),
    clock: hooks.clock,
  }
}
