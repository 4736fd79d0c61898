/**
 * Turning metric snapshots into an exposition in either format, as a sequence of chunks of
 * about `chunkLines` sample lines each, so the synchronous path can concatenate them and the
 * asynchronous one can yield to the event loop between them. A serializer remembers what it
 * rendered (family names, label sets, bucket bounds) for its own later scrapes; nothing is kept
 * at module level, so two exporters never share or grow each other's memory.
 */
import type { Attributes, MetricSnapshot } from '@foundation-telemetry/core'
import { createBoundsFormatter } from './bucketBounds.ts'
import { type ExpositionWriter, type WriteContext, writeSeries } from './expositionWriter.ts'
import { createLabelRenderer, type LabelRendererOptions } from './labels.ts'
import { type PrometheusFamily, prometheusFamily } from './naming.ts'
import { openMetricsWriter } from './openMetrics.ts'
import { createTargetLabels } from './targetInfo.ts'
import { textWriter } from './textFormat.ts'

/** The two exposition formats. */
export type ExpositionFormat = 'text' | 'openmetrics'

/** What to serialize. */
export interface SerializeInput {
  snapshots: readonly MetricSnapshot[]
  /** Resource attributes for `target_info`; omitted when empty. */
  resource: Readonly<Attributes>
  format: ExpositionFormat
  /** Called once per family skipped because its Prometheus name is already taken. */
  onDuplicate?: (name: string, metric: string) => void
}

/** Serializes snapshots, remembering what it rendered for the next scrape. */
export interface PrometheusSerializer {
  /** Chunks of the exposition, each about `chunkLines` sample lines (at least one series). */
  chunks(input: SerializeInput, chunkLines?: number): Generator<string>
  /** The whole exposition as one string. */
  serialize(input: SerializeInput): string
  /**
   * The whole exposition, yielding to the event loop (`setImmediate`) after about every
   * `chunkLines` sample lines, so a large scrape does not hold up other work for long.
   */
  serializeAsync(input: SerializeInput, chunkLines: number): Promise<string>
}

/** Options of {@link createPrometheusSerializer}. */
export type PrometheusSerializerOptions = LabelRendererOptions

/** Metric name and unit pairs whose Prometheus family one serializer remembers. */
const MAX_FAMILIES = 10_000

/** Family names the resource's family takes in either format, so no metric is written under them. */
const TARGET_FAMILY_NAMES: readonly string[] = ['target_info', 'target']

const WRITERS: Readonly<Record<ExpositionFormat, ExpositionWriter>> = {
  text: textWriter,
  openmetrics: openMetricsWriter,
}

// Sample lines one series of this family writes: a histogram series is a dozen lines, a
// counter one, so chunks are sized in lines to keep each slice of work about the same length.
function linesPerSeries(snapshot: MetricSnapshot): number {
  const first = snapshot.series[0]
  if (first?.histogram !== undefined) return first.histogram.bounds.length + 4
  if (first?.summary !== undefined) return first.summary.quantiles.length + 3
  return 2
}

/** A serializer with nothing remembered yet; one per exporter. */
export function createPrometheusSerializer(options: PrometheusSerializerOptions = {}): PrometheusSerializer {
  const labels = createLabelRenderer(options)
  const context: WriteContext = { labels, bounds: createBoundsFormatter() }
  const targetLabels = createTargetLabels(labels)
  const families = new Map<string, PrometheusFamily>()

  const familyOf = (snapshot: MetricSnapshot): PrometheusFamily => {
    const key = snapshot.name + '\u0000' + snapshot.unit
    let family = families.get(key)
    if (family === undefined) {
      family = prometheusFamily(snapshot.name, snapshot.unit)
      if (families.size < MAX_FAMILIES) families.set(key, family)
    }
    return family
  }

  function* chunks(input: SerializeInput, chunkLines = Number.POSITIVE_INFINITY): Generator<string> {
    const writer = WRITERS[input.format] ?? textWriter
    const target = targetLabels(input.resource)
    let chunk = target === '' ? '' : writer.targetInfo(target)
    let budget = chunkLines
    const taken = new Set<string>(TARGET_FAMILY_NAMES)
    for (const snapshot of input.snapshots) {
      if (snapshot.series.length === 0) continue
      const family = familyOf(snapshot)
      if (taken.has(family.name)) {
        input.onDuplicate?.(family.name, snapshot.name)
        continue
      }
      taken.add(family.name)
      chunk += writer.header(snapshot, family)
      const total = snapshot.series.length
      const lines = linesPerSeries(snapshot)
      let from = 0
      while (from < total) {
        const to = Math.min(total, from + Math.max(1, Math.floor(budget / lines)))
        chunk += writeSeries(writer, context, snapshot, family, from, to)
        budget -= (to - from) * lines
        from = to
        if (budget <= 0) {
          yield chunk
          chunk = ''
          budget = chunkLines
        }
      }
    }
    yield chunk + writer.end
  }

  return {
    chunks,
    serialize(input) {
      let out = ''
      for (const chunk of chunks(input)) out += chunk
      return out
    },
    async serializeAsync(input, chunkLines) {
      let out = ''
      for (const chunk of chunks(input, chunkLines)) {
        out += chunk
        await new Promise<void>((resolve) => setImmediate(resolve))
      }
      return out
    },
  }
}
