/**
 * Turning metric snapshots into an exposition in either format, as a sequence of chunks of
 * about `chunkLines` sample lines each, so the synchronous path can concatenate them and the
 * asynchronous one can yield to the event loop between them.
 */
import type { Attributes, MetricSnapshot } from '@foundation-telemetry/core'
import { labelScrapeDone } from './labels.ts'
import { type PrometheusFamily, prometheusFamily } from './naming.ts'
import { openMetricsHeader, openMetricsSeries } from './openMetrics.ts'
import { targetInfoOpenMetrics, targetInfoText } from './targetInfo.ts'
import { textHeader, textSeries } from './textFormat.ts'

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

const familyCache = new Map<string, PrometheusFamily>()

function familyOf(snapshot: MetricSnapshot): PrometheusFamily {
  const key = snapshot.name + '\u0000' + snapshot.unit
  let family = familyCache.get(key)
  if (family === undefined) {
    family = prometheusFamily(snapshot.name, snapshot.unit)
    if (familyCache.size < 10_000) familyCache.set(key, family)
  }
  return family
}

// Sample lines one series of this family writes: a histogram series is a dozen lines, a
// counter one, so chunks are sized in lines to keep each slice of work about the same length.
function linesPerSeries(snapshot: MetricSnapshot): number {
  const first = snapshot.series[0]
  if (first?.histogram !== undefined) return first.histogram.bounds.length + 4
  if (first?.summary !== undefined) return first.summary.quantiles.length + 3
  return 2
}

/** Chunks of the exposition, each about `chunkLines` sample lines (at least one series). */
export function* exposition(input: SerializeInput, chunkLines = Number.POSITIVE_INFINITY): Generator<string> {
  const openMetrics = input.format === 'openmetrics'
  let chunk = openMetrics ? targetInfoOpenMetrics(input.resource) : targetInfoText(input.resource)
  let budget = chunkLines
  const taken = new Set<string>(['target_info', 'target'])
  for (const snapshot of input.snapshots) {
    if (snapshot.series.length === 0) continue
    const family = familyOf(snapshot)
    if (taken.has(family.name)) {
      input.onDuplicate?.(family.name, snapshot.name)
      continue
    }
    taken.add(family.name)
    chunk += openMetrics ? openMetricsHeader(snapshot, family) : textHeader(snapshot, family)
    const total = snapshot.series.length
    const lines = linesPerSeries(snapshot)
    let from = 0
    while (from < total) {
      const to = Math.min(total, from + Math.max(1, Math.floor(budget / lines)))
      chunk += openMetrics
        ? openMetricsSeries(snapshot, family, from, to)
        : textSeries(snapshot, family, from, to)
      budget -= (to - from) * lines
      from = to
      if (budget <= 0) {
        yield chunk
        chunk = ''
        budget = chunkLines
      }
    }
  }
  if (openMetrics) chunk += '# EOF\n'
  labelScrapeDone()
  yield chunk
}

/** The whole exposition as one string. */
export function serializeSnapshots(input: SerializeInput): string {
  let out = ''
  for (const chunk of exposition(input)) out += chunk
  return out
}

/**
 * The whole exposition, yielding to the event loop (`setImmediate`) after about every
 * `chunkLines` sample lines, so a large scrape does not hold up other work for long.
 */
export async function serializeSnapshotsAsync(input: SerializeInput, chunkLines: number): Promise<string> {
  let out = ''
  for (const chunk of exposition(input, chunkLines)) {
    out += chunk
    await new Promise<void>((resolve) => setImmediate(resolve))
  }
  return out
}
