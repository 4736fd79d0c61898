/**
 * The telemetry instance's redaction policy, applied where data leaves the process: every
 * exporter passes what it is about to write through here, at export time (never on the
 * recording hot path). Spans get their name, attributes, event names and attributes, link
 * attributes and status message redacted; metric snapshots their name and tags (keys and
 * values). Series whose tags become equal once redacted (two emails, both `[REDACTED]`) are
 * merged, so no output ever carries two series with one label set.
 */
import type { MetricSnapshot, ReadableSpan, SeriesSnapshot, Telemetry } from '@foundation-telemetry/core'
import { BoundedCache } from '@foundation-telemetry/core'

/** Redaction as the exporters apply it. */
export interface ExportRedaction {
  /** A redacted deep copy of any value (`value` itself when redaction is off). */
  value<TValue>(value: TValue): TValue
  /** The span as it may leave the process. */
  span(span: ReadableSpan): ReadableSpan
  /** The snapshots as they may leave the process, colliding series merged. */
  snapshots(snapshots: readonly MetricSnapshot[]): MetricSnapshot[]
  /** A flat tags (dimensions) object, cached per key and value; the same object when unchanged. */
  tags<TTags extends Readonly<Record<string, unknown>>>(tags: TTags): TTags
  /** A metric name, cached. */
  name(name: string): string
}

/**
 * The export view of `telemetry.redact`; `enabled: false` (or an instance without `redact`)
 * passes everything through.
 *
 * @example
 * const redaction = createExportRedaction(telemetry)
 * const snapshots = redaction.snapshots(telemetry.metrics.collect())
 */
export function createExportRedaction(
  telemetry: Partial<Pick<Telemetry, 'redact'>>,
  enabled = true,
): ExportRedaction {
  const redact = enabled && typeof telemetry.redact === 'function' ? telemetry.redact : undefined
  if (redact === undefined) {
    return { value: (v) => v, span: (s) => s, snapshots: (s) => [...s], tags: (t) => t, name: (n) => n }
  }
  const value = <TValue>(v: TValue): TValue => {
    try {
      return redact(v)
    } catch {
      // redact never throws by contract; a fake might. Nothing unredacted leaves on failure.
      return (typeof v === 'string' ? '[REDACTED]' : {}) as TValue
    }
  }
  const tags = createTagRedaction(value)
  const names = new BoundedCache<string, string>(MAX_CACHED_PAIRS)
  const name = (n: string): string => names.get(n) ?? names.set(n, value(n))
  return {
    tags,
    name,
    value,
    span: (span) => ({
      ...span,
      name: value(span.name),
      attributes: value(span.attributes),
      events: span.events.map((event) => ({
        ...event,
        name: value(event.name),
        attributes: value(event.attributes),
      })),
      links: span.links.map((link) =>
        link.attributes === undefined ? link : { ...link, attributes: value(link.attributes) },
      ),
      status:
        span.status.message === undefined
          ? span.status
          : { ...span.status, message: value(span.status.message) },
    }),
    snapshots: (snapshots) => snapshots.map((snapshot) => redactSnapshot(snapshot, name, tags)),
  }
}

/** Pairs remembered per exporter; past this the memory is cleared and rebuilt. */
const MAX_CACHED_PAIRS = 65_536

/**
 * Tags redaction with a cache of (key, value) pairs, shared by every collection of one exporter:
 * a scrape of an unchanged series set costs two map lookups per tag, and a tags object that
 * redaction leaves alone is passed on as the same object (label caches keyed by it keep working).
 */
function createTagRedaction(
  value: <T>(v: T) => T,
): <TTags extends Readonly<Record<string, unknown>>>(tags: TTags) => TTags {
  const pairs = new Map<string, Map<unknown, readonly [string, unknown]>>()
  let size = 0
  const pair = (key: string, tagValue: unknown): readonly [string, unknown] => {
    let byValue = pairs.get(key)
    const cached = byValue?.get(tagValue)
    if (cached !== undefined) return cached
    const redacted = value({ [key]: tagValue })
    const entry = Object.entries(redacted)[0]
    const result: readonly [string, unknown] = entry ?? [key, tagValue]
    if (size >= MAX_CACHED_PAIRS) {
      pairs.clear()
      size = 0
    }
    if (byValue === undefined || size === 0) {
      byValue = new Map()
      pairs.set(key, byValue)
    }
    byValue.set(tagValue, result)
    size++
    return result
  }
  return <TTags extends Readonly<Record<string, unknown>>>(tags: TTags): TTags => {
    const keys = Object.keys(tags)
    let out: Record<string, unknown> | undefined
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!
      const original = tags[key]
      const [k, v] = pair(key, original)
      if (out === undefined && (k !== key || v !== original)) {
        out = {}
        for (let j = 0; j < i; j++) setOwnTag(out, keys[j]!, tags[keys[j]!])
      }
      if (out !== undefined) setOwnTag(out, k, v)
    }
    return (out ?? tags) as TTags
  }
}

function setOwnTag(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
}

function redactSnapshot(
  snapshot: MetricSnapshot,
  value: (name: string) => string,
  redactTags: <TTags extends Readonly<Record<string, unknown>>>(tags: TTags) => TTags,
): MetricSnapshot {
  const name = value(snapshot.name)
  let changed = name !== snapshot.name
  const out: SeriesSnapshot[] = []
  let byLabels: Map<string, number> | undefined
  for (const series of snapshot.series) {
    const tags = redactTags(series.tags)
    if (tags === series.tags && byLabels === undefined) {
      out.push(series)
      continue
    }
    // A tag changed: from here on, series are matched by label set to merge collisions.
    if (byLabels === undefined) {
      byLabels = new Map()
      for (let i = 0; i < out.length; i++) byLabels.set(labelKey(out[i]!.tags), i)
    }
    changed = true
    const key = labelKey(tags)
    const at = byLabels.get(key)
    if (at === undefined) {
      byLabels.set(key, out.length)
      out.push(tags === series.tags ? series : { ...series, tags })
    } else out[at] = mergeSeries(out[at]!, { ...series, tags }, snapshot)
  }
  return changed ? { ...snapshot, name, series: out } : snapshot
}

function labelKey(tags: Readonly<Record<string, string>>): string {
  return JSON.stringify(Object.entries(tags))
}

/**
 * Two series that redaction made indistinguishable, as one: sums and counts add, histogram
 * buckets add, extremes widen; a gauge keeps the later reading and a summary the quantiles of
 * the first (quantiles cannot be merged from quantiles).
 */
function mergeSeries(a: SeriesSnapshot, b: SeriesSnapshot, snapshot: MetricSnapshot): SeriesSnapshot {
  const merged: SeriesSnapshot = {
    ...a,
    startTime: Math.min(a.startTime, b.startTime),
    time: Math.max(a.time, b.time),
  }
  if (a.value !== undefined && b.value !== undefined) {
    merged.value = snapshot.kind === 'gauge' ? (b.time >= a.time ? b.value : a.value) : a.value + b.value
  }
  if (a.histogram !== undefined && b.histogram !== undefined) {
    merged.histogram = {
      ...a.histogram,
      counts: a.histogram.counts.map((c, i) => c + (b.histogram!.counts[i] ?? 0)),
      sum: a.histogram.sum + b.histogram.sum,
      count: a.histogram.count + b.histogram.count,
      min: Math.min(a.histogram.min, b.histogram.min),
      max: Math.max(a.histogram.max, b.histogram.max),
    }
  }
  if (a.summary !== undefined && b.summary !== undefined) {
    merged.summary = {
      ...a.summary,
      sum: a.summary.sum + b.summary.sum,
      count: a.summary.count + b.summary.count,
    }
  }
  if (a.exemplars !== undefined || b.exemplars !== undefined) {
    merged.exemplars = [...(a.exemplars ?? []), ...(b.exemplars ?? [])]
  }
  return merged
}
