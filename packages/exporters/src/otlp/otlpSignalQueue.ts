/**
 * The batch queue of one pushed OTLP signal (spans, log records): items are batched and
 * delivered, overflow is counted and reported once per episode (a full queue under load must not
 * flood the error hook; the episode ends when the queue drains), and the depth is a health gauge.
 */
import type { Clock } from '@foundation-telemetry/core'
import { type BatchOptions, type BatchQueue, createBatchQueue } from '../shared/batchQueue.ts'
import { createEpisodeReporter } from '../shared/episodeReporter.ts'
import type { ExporterHealth } from '../shared/exporterHealth.ts'
import { type ExporterTelemetry, reportDropped } from '../shared/exporterTelemetry.ts'
import { type OtlpDeliver, otlpHealthSignals } from './otlpDelivery.ts'
import type { OtlpTarget } from './otlpTarget.ts'

/** Options for {@link createOtlpSignalQueue}. */
export interface OtlpSignalQueueOptions<TItem> {
  signal: 'traces' | 'logs'
  target: OtlpTarget
  /** Batch sizes and delays. */
  batch: BatchOptions
  clock: Clock
  telemetry: Pick<ExporterTelemetry, 'reportError'>
  health: ExporterHealth
  deliver: OtlpDeliver
  encode: (items: TItem[]) => Uint8Array
  /** The `exporter` detail of reports. */
  exporter: string
}

/**
 * Create the queue of one signal.
 *
 * @example
 * const spans = createOtlpSignalQueue({ signal: 'traces', target, batch: options, clock, telemetry, health,
 *   deliver, encode: encodeTracesProto, exporter: 'otlp' })
 * spans.add(span)
 */
export function createOtlpSignalQueue<TItem>(options: OtlpSignalQueueOptions<TItem>): BatchQueue<TItem> {
  const { signal, target, telemetry, health, deliver, encode, exporter } = options
  const healthSignal = otlpHealthSignals[signal]
  const overflow = createEpisodeReporter()
  return createBatchQueue<TItem>(options.batch, {
    clock: options.clock,
    exportBatch: (items) => deliver(signal, target, items.length, () => encode(items)),
    onDrop: (count, reason) => {
      health.dropped(count, healthSignal, reason)
      overflow.once(() =>
        reportDropped(
          telemetry,
          `OTLP ${healthSignal.slice(0, -1)} queue ${reason === 'shutdown' ? 'is shut down' : 'is full'}`,
          { exporter, signal, reason },
        ),
      )
    },
    onDepth: (depth) => {
      if (depth === 0) overflow.rearm()
      health.queueDepth(depth, healthSignal)
    },
  })
}
