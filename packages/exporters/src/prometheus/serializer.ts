/**
 * Turning metric snapshots into an exposition in either format, as a sequence of chunks of at
 * most `chunkSeries` series each, so the synchronous path can concatenate them and the
 * asynchronous one can yield to the event loop between them.
 */
import type { Attributes, MetricSnapshot } from '@foundation-telemetry/core'
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

/** Chunks of the exposition, each covering at most `chunkSeries` series. */
export function* exposition(
  input: SerializeInput,
  chunkSeries = Number.POSITIVE_INFINITY,
): Generator<string> {
  const openMetrics = input.format === 'openmetrics'
  let chunk = openMetrics ? targetInfoOpenMetrics(input.resource) : targetInfoText(input.resource)
  let budget = chunkSeries
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
    let from = 0
    while (from < total) {
      const to = Math.min(total, from + budget)
      chunk += openMetrics
        ? openMetricsSeries(snapshot, family, from, to)
        : textSeries(snapshot, family, from, to)
      budget -= to - from
      from = to
      if (budget <= 0) {
        yield chunk
        chunk = ''
        budget = chunkSeries
      }
    }
  }
  if (openMetrics) chunk += '# EOF\n'
  yield chunk
}

/** The whole exposition as one string. */
export function serializeSnapshots(input: SerializeInput): string {
  let out = ''
  for (const chunk of exposition(input)) out += chunk
  return out
}

/**
 * The whole exposition, yielding to the event loop (`setImmediate`) after every `chunkSeries`
 * series so a large scrape does not hold up other work for long.
 */
export async function serializeSnapshotsAsync(input: SerializeInput, chunkSeries: number): Promise<string> {
  let out = ''
  for (const chunk of exposition(input, chunkSeries)) {
    out += chunk
    await new Promise<void>((resolve) => setImmediate(resolve))
  }
  return out
}
