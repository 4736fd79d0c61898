/**
 * Snapshots for exporters: every instrument's series as {@link MetricSnapshot}s, cumulative or
 * delta. Delta readers are named, so several exporters each get their own deltas.
 *
 * Delta sums are exact in the sense that matters to a consumer: each reader remembers the
 * running total it has handed out (as a consumer adding the deltas in order would hold it) and
 * the next delta is chosen so that `running + delta` rounds to the cumulative total. So no
 * increment is ever lost or counted twice: bucket counts, counts and integer sums come out
 * exact, and float sums match the cumulative value to the last bit except on a rounding tie
 * (one ulp off), which the next delta corrects instead of letting it accumulate.
 */
import { TelemetryErrorCode } from '../errors.ts'
import type { CounterInstrument, SumInstrument, UpDownCounterInstrument } from './counter.ts'
import type { EngineContext } from './engineContext.ts'
import type { GaugeInstrument } from './gauge.ts'
import type { HistogramInstrument, HistogramSeries } from './histogram.ts'
import { describe } from './instrument.ts'
import { invalidOption, optionsObject } from './instrumentOptions.ts'
import type { InstrumentRegistry } from './instrumentRegistry.ts'
import type { SummaryInstrument, SummarySeries } from './summary.ts'
import { tagsOf } from './tagKey.ts'
import type { CollectOptions, Exemplar, MetricSnapshot, SeriesSnapshot } from './types.ts'

/** Every instrument kind the engine holds. */
export type AnyInstrument =
  | CounterInstrument
  | UpDownCounterInstrument
  | GaugeInstrument
  | HistogramInstrument
  | SummaryInstrument

interface DeltaMemo {
  /** Running sum handed out so far. */
  running: number
  count: number
  counts: Float64Array | null
}

/** What one delta reader remembers between collections. */
export interface ReaderState {
  /** Epoch ms of the previous collection by this reader. */
  lastTime: number
  /** Per instrument, per series entry (object or column index). */
  readonly memos: Map<AnyInstrument, Map<unknown, DeltaMemo>>
}

/** A fresh reader. */
export function createReaderState(): ReaderState {
  return { lastTime: Number.NaN, memos: new Map() }
}

/**
 * Snapshot one instrument. `reader` is null for cumulative collection. Series without data
 * (gauges never set, histograms and summaries never recorded, delta series with no change)
 * are left out.
 */
export function collectInstrument(
  instrument: AnyInstrument,
  reader: ReaderState | null,
  now: number,
): MetricSnapshot {
  const series: SeriesSnapshot[] = []
  const kind = instrument.kind
  let memos: Map<unknown, DeltaMemo> | null = null
  if (reader !== null) {
    memos = reader.memos.get(instrument) ?? new Map()
    reader.memos.set(instrument, memos)
  }
  const delta: Delta | null = memos === null || reader === null ? null : { memos, lastTime: reader.lastTime }
  if (kind === 'gauge') {
    instrument.refresh()
    instrument.table.forEach((s, keys, a, b) => {
      if (s.hasValue)
        series.push({ tags: tagsOf(keys, a, b), startTime: s.startTime, time: now, value: s.value })
    })
  } else if (kind === 'counter' || kind === 'updowncounter') {
    const sums: SumInstrument = instrument
    sums.table.forEach((index, keys, a, b) => {
      const snapshot = counterSnapshot(sums, index, delta, now)
      if (snapshot !== undefined) series.push({ ...snapshot, tags: tagsOf(keys, a, b) })
    })
  } else if (kind === 'histogram') {
    instrument.table.forEach((s, keys, a, b) => {
      const snapshot = histogramSnapshot(instrument, s, delta, now)
      if (snapshot !== undefined) series.push({ ...snapshot, tags: tagsOf(keys, a, b) })
    })
  } else {
    instrument.table.forEach((s, keys, a, b) => {
      const snapshot = summarySnapshot(s, delta, now)
      if (snapshot !== undefined) series.push({ ...snapshot, tags: tagsOf(keys, a, b) })
    })
  }
  instrument.table.rearmOverflowNotice()
  return {
    name: instrument.name,
    kind,
    unit: instrument.unit,
    description: instrument.description,
    // A gauge's value is not a change over an interval, whatever the reader asked for.
    temporality: reader === null || kind === 'gauge' ? 'cumulative' : 'delta',
    monotonic: kind === 'counter',
    series,
  }
}

/** One delta reader's view of one instrument. */
interface Delta {
  readonly memos: Map<unknown, DeltaMemo>
  readonly lastTime: number
}

/** A snapshot before its tags are attached. */
type Untagged = Omit<SeriesSnapshot, 'tags'>

/** The memo for `series` and the start time of the interval it reports. */
function memoFor(
  delta: Delta,
  series: unknown,
  startTime: number,
): { memo: DeltaMemo; start: number; fresh: boolean } {
  let memo = delta.memos.get(series)
  if (memo === undefined) {
    memo = { running: 0, count: 0, counts: null }
    delta.memos.set(series, memo)
    return { memo, start: startTime, fresh: true }
  }
  return { memo, start: delta.lastTime, fresh: false }
}

/**
 * The delta that brings the reader's running sum to `total`. When `total - running` is not
 * representable, the nearest doubles around it are tried so that `running + delta` rounds to
 * exactly `total`, as it will in the consumer.
 */
export function takeDelta(memo: { running: number }, total: number): number {
  const running = memo.running
  // Both ±Inf (a saturated total handed out already): nothing changed, and Inf - Inf is NaN.
  if (total === running) return 0
  let delta = total - running
  for (let i = 0; i < 4 && running + delta !== total && Number.isFinite(delta); i++) {
    delta = running + delta < total ? nextUp(delta) : -nextUp(-delta)
  }
  memo.running = running + delta
  return delta
}

const f64 = new Float64Array(1)
const i64 = new BigInt64Array(f64.buffer)

/** The next double above `x`. */
function nextUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE
  f64[0] = x
  i64[0] = x > 0 ? i64[0]! + 1n : i64[0]! - 1n
  return f64[0]!
}

function counterSnapshot(
  c: SumInstrument,
  index: number,
  delta: Delta | null,
  now: number,
): Untagged | undefined {
  const value = c.value(index)
  if (delta === null) return { startTime: c.startTime(index), time: now, value }
  const { memo, start, fresh } = memoFor(delta, index, c.startTime(index))
  const change = takeDelta(memo, value)
  if (change === 0 && !fresh) return undefined
  return { startTime: start, time: now, value: change }
}

function histogramSnapshot(
  h: HistogramInstrument,
  s: HistogramSeries,
  delta: Delta | null,
  now: number,
): Untagged | undefined {
  if (s.count === 0) return undefined
  const base = { bounds: h.boundsList, min: s.min, max: s.max }
  if (delta === null) {
    const snapshot: Untagged = {
      startTime: s.startTime,
      time: now,
      histogram: {
        ...base,
        counts: Array.from(s.counts),
        sum: s.total(),
        count: s.count,
        ...(s.sketch === null
          ? {}
          : { quantiles: h.quantiles.map((q) => ({ quantile: q, value: s.sketch!.quantile(q) })) }),
      },
    }
    const exemplars = exemplarsOf(s, Number.NEGATIVE_INFINITY)
    if (exemplars.length > 0) snapshot.exemplars = exemplars
    return snapshot
  }
  const { memo, start } = memoFor(delta, s, s.startTime)
  const count = s.count - memo.count
  const previous = memo.counts
  const counts = Array.from(s.counts, (c, i) => c - (previous === null ? 0 : previous[i]!))
  memo.count = s.count
  memo.counts = Float64Array.from(s.counts)
  const sum = takeDelta(memo, s.total())
  if (count === 0) return undefined
  // min and max stay those of the series' lifetime: interval extremes are not kept per reader.
  const snapshot: Untagged = { startTime: start, time: now, histogram: { ...base, counts, sum, count } }
  const exemplars = exemplarsOf(s, start)
  if (exemplars.length > 0) snapshot.exemplars = exemplars
  return snapshot
}

function summarySnapshot(s: SummarySeries, delta: Delta | null, now: number): Untagged | undefined {
  if (s.count === 0) return undefined
  const quantiles = s.quantiles(now)
  if (delta === null) {
    return { startTime: s.startTime, time: now, summary: { quantiles, sum: s.total(), count: s.count } }
  }
  const { memo, start } = memoFor(delta, s, s.startTime)
  const count = s.count - memo.count
  memo.count = s.count
  const sum = takeDelta(memo, s.total())
  if (count === 0) return undefined
  return { startTime: start, time: now, summary: { quantiles, sum, count } }
}

function exemplarsOf(s: HistogramSeries, since: number): Exemplar[] {
  const out: Exemplar[] = []
  if (s.exemplars === null) return out
  for (const e of s.exemplars) if (e !== undefined && e.time >= since) out.push(e)
  return out
}

/** `metrics.collect` over a registry: cumulative, or delta per named reader. */
export function createCollector(
  ctx: EngineContext,
  registry: InstrumentRegistry,
): (options?: CollectOptions) => MetricSnapshot[] {
  const readers = new Map<string, ReaderState>()
  return (options) => {
    try {
      const o = optionsObject(ctx, options, 'collect')
      const delta = o.temporality === 'delta'
      if (o.temporality !== undefined && !delta && o.temporality !== 'cumulative') {
        invalidOption(ctx, 'collect', 'temporality', o.temporality)
      }
      let reader: ReaderState | null = null
      if (delta) {
        const readerName = typeof o.reader === 'string' ? o.reader : 'default'
        reader = readers.get(readerName) ?? createReaderState()
        readers.set(readerName, reader)
      }
      registry.rearm()
      const now = ctx.clock.now()
      const out: MetricSnapshot[] = []
      for (const inst of registry.all()) out.push(collectInstrument(inst, reader, now))
      if (reader !== null) reader.lastTime = now
      return out
    } catch (error) {
      ctx.report(TelemetryErrorCode.INVALID_INPUT, `collect failed: ${describe(error)}`, { error })
      return []
    }
  }
}
