/**
 * What an exposition format writes, as one shape both formats fill in: the family header, the
 * `target_info` family, the sample lines of each Prometheus type, and the closing. The serializer
 * walks families and chunks once, for either format, through {@link writeSeries}.
 */
import type { MetricSnapshot } from '@foundation-telemetry/core'
import type { BoundsFormatter } from './bucketBounds.ts'
import type { LabelRenderer } from './labels.ts'
import type { PrometheusFamily } from './naming.ts'

/** What a serializer lends its writers: its label and bucket-bound memory. */
export interface WriteContext {
  readonly labels: LabelRenderer
  readonly bounds: BoundsFormatter
}

/** The sample lines of series `from` (inclusive) to `to` (exclusive) of one family. */
export type SeriesWriter = (
  context: WriteContext,
  snapshot: MetricSnapshot,
  family: PrometheusFamily,
  from: number,
  to: number,
) => string

/** One exposition format. */
export interface ExpositionWriter {
  /** The `# HELP`/`# TYPE` (and, where the format has it, `# UNIT`) lines of one family. */
  header(snapshot: MetricSnapshot, family: PrometheusFamily): string
  /** The resource's family, given its non-empty rendered labels (`a="x"`, without braces). */
  targetInfo(labels: string): string
  readonly counter: SeriesWriter
  readonly gauge: SeriesWriter
  readonly histogram: SeriesWriter
  readonly summary: SeriesWriter
  /** Written after the last family. */
  readonly end: string
}

/** The Prometheus type a metric kind is exposed as. */
export function prometheusType(snapshot: MetricSnapshot): 'counter' | 'gauge' | 'histogram' | 'summary' {
  switch (snapshot.kind) {
    case 'counter':
      return snapshot.monotonic === false ? 'gauge' : 'counter'
    case 'histogram':
      return 'histogram'
    case 'summary':
      return 'summary'
    default:
      return 'gauge'
  }
}

/** Series `from` to `to` of one family, by the writer's lines for the family's Prometheus type. */
export function writeSeries(
  writer: ExpositionWriter,
  context: WriteContext,
  snapshot: MetricSnapshot,
  family: PrometheusFamily,
  from: number,
  to: number,
): string {
  return writer[prometheusType(snapshot)](context, snapshot, family, from, to)
}
