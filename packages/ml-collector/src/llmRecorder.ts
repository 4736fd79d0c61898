/**
 * The metrics of `dspex.llm.request.stop`, the event every model call ends with: one handler that
 * records them all through series bound once per (model, provider, operation), instead of one
 * definition per metric each resolving its tags on every event. The series and values are those
 * the taxonomy's definitions (and `tokenSpecs`) give the same event; `.exception` and
 * `dspex.llm.usage` still go through those definitions.
 */
import {
  type BoundCounter,
  type BoundRecorder,
  type Counter,
  type Histogram,
  type Measurements,
  type Metadata,
  outcomeReader,
  type Tags,
  type Telemetry,
} from '@foundation-telemetry/core'
import { findMetricDefinition } from '@foundation-telemetry/taxonomy'
import { tokenTypes } from './metricSpecs.ts'
import type { LlmUsage, UsageReader } from './tokenUsage.ts'
import type { TraceCostTracker } from './traceCost.ts'

/** The event this recorder handles. */
export const llmStop = 'dspex.llm.request.stop'

/** Metrics fed only by `dspex.llm.request.stop`: this recorder creates them. */
export const llmStopOnlyMetrics = [
  'dspex.llm.time_per_output_chunk',
  'dspex.llm.time_to_first_chunk',
] as const

/** Where the token type read from usage field `field` sits in `tokenTypes`. */
const indexOf = (field: (typeof tokenTypes)[number]['field']): number =>
  tokenTypes.findIndex((type) => type.field === field)
/** Indexes of the token types in `tokenTypes` (input and output also have a histogram). */
const INPUT = indexOf('input')
const OUTPUT = indexOf('output')
const CACHE_READ = indexOf('cacheRead')
const CACHE_WRITE = indexOf('cacheWrite')
const REASONING = indexOf('reasoning')

/** Series sets kept; past this the cache starts over (binding again finds the same series). */
const MAX_SERIES_SETS = 1000

/** The instruments `dspex.llm.request.stop` records into. */
interface LlmInstruments {
  requests: Counter
  duration: Histogram
  cost: Counter
  tokens: Counter
  tokenUsage: Histogram
  timePerOutputChunk: Histogram
  timeToFirstChunk: Histogram
}

/** What a stop event's value is recorded as: a number that is not NaN (the instrument rejects the rest). */
function recordable(value: unknown): value is number {
  return typeof value === 'number' && !Number.isNaN(value)
}

/**
 * The series of one tag combination, each bound on its first record (a series is created only
 * once something is recorded into it, as the unbound path does).
 */
class LlmSeries {
  private readonly inst: LlmInstruments
  private readonly model: unknown
  private readonly provider: unknown
  private readonly operation: unknown
  private readonly outcome: unknown
  /** Tags of the duration histogram: the metadata itself on the general path (it may carry `error_type`). */
  private readonly durationTags: Tags
  private requests: BoundCounter | undefined
  private duration: BoundRecorder | undefined
  private cost: BoundCounter | undefined
  private timePerOutputChunk: BoundRecorder | undefined
  private timeToFirstChunk: BoundRecorder | undefined
  private readonly tokens: Array<BoundCounter | undefined> = [
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
  ]
  private readonly tokenUsage: Array<BoundRecorder | undefined> = [undefined, undefined]

  constructor(inst: LlmInstruments, metadata: Metadata, outcome: unknown, durationTags: Tags | undefined) {
    this.inst = inst
    this.model = metadata.model
    this.provider = metadata.provider
    this.operation = metadata.operation
    this.outcome = outcome
    this.durationTags = durationTags ?? this.modelTags()
  }

  private modelTags(): Tags {
    return {
      model: this.model as string,
      provider: this.provider as string,
      operation: this.operation as string,
    }
  }

  record(m: Measurements, usage: LlmUsage): void {
    const inst = this.inst
    this.requests ??= inst.requests.bind({ ...this.modelTags(), outcome: this.outcome as string })
    this.requests.add()
    const duration = m.duration
    if (recordable(duration)) {
      this.duration ??= inst.duration.bind(this.durationTags)
      this.duration.record(duration)
    }
    const cost = usage.cost
    if (cost !== undefined) {
      this.cost ??= inst.cost.bind({ model: this.model as string, provider: this.provider as string })
      this.cost.add(cost)
    }
    const perChunk = m.time_per_output_chunk
    if (recordable(perChunk)) {
      this.timePerOutputChunk ??= inst.timePerOutputChunk.bind(this.modelTags())
      this.timePerOutputChunk.record(perChunk)
    }
    const firstChunk = m.time_to_first_chunk
    if (recordable(firstChunk)) {
      this.timeToFirstChunk ??= inst.timeToFirstChunk.bind(this.modelTags())
      this.timeToFirstChunk.record(firstChunk)
    }
    // By name, not by a loop over the fields: one site reading five keys looks each up slowly.
    const { input, output, cacheRead, cacheWrite, reasoning } = usage
    if (input !== undefined) {
      ;(this.tokens[INPUT] ?? this.bindTokens(INPUT)).add(input)
      ;(this.tokenUsage[INPUT] ?? this.bindTokenUsage(INPUT)).record(input)
    }
    if (output !== undefined) {
      ;(this.tokens[OUTPUT] ?? this.bindTokens(OUTPUT)).add(output)
      ;(this.tokenUsage[OUTPUT] ?? this.bindTokenUsage(OUTPUT)).record(output)
    }
    // Cache and reasoning counts are 0 or absent for most requests: adding 0 only costs.
    if (cacheRead !== undefined && cacheRead !== 0)
      (this.tokens[CACHE_READ] ?? this.bindTokens(CACHE_READ)).add(cacheRead)
    if (cacheWrite !== undefined && cacheWrite !== 0)
      (this.tokens[CACHE_WRITE] ?? this.bindTokens(CACHE_WRITE)).add(cacheWrite)
    if (reasoning !== undefined && reasoning !== 0)
      (this.tokens[REASONING] ?? this.bindTokens(REASONING)).add(reasoning)
  }

  private bindTokens(i: number): BoundCounter {
    const token_type = (tokenTypes[i] as (typeof tokenTypes)[number]).type
    const model = this.model as string
    const bound = this.inst.tokens.bind({ model, provider: this.provider as string, token_type })
    this.tokens[i] = bound
    return bound
  }

  private bindTokenUsage(i: number): BoundRecorder {
    const token_type = (tokenTypes[i] as (typeof tokenTypes)[number]).type
    const bound = this.inst.tokenUsage.bind({ ...this.modelTags(), token_type })
    this.tokenUsage[i] = bound
    return bound
  }
}

function stringOrAbsent(value: unknown): boolean {
  return value === undefined || typeof value === 'string'
}

/**
 * Whether the stop event's tags are the plain ones: string (or absent) model, provider and
 * operation, and nothing that changes the outcome or adds `error_type`. Those series are cached;
 * any other stop event binds its own (the same series the unbound path would find).
 */
function plain(md: Metadata): boolean {
  return (
    stringOrAbsent(md.model) &&
    stringOrAbsent(md.provider) &&
    stringOrAbsent(md.operation) &&
    md.outcome === undefined &&
    md.success === undefined &&
    (md.error === undefined || md.error === null) &&
    md.error_type === undefined
  )
}

/** Series sets of plain stop events by model, then provider, then operation. */
class SeriesCache {
  private readonly inst: LlmInstruments
  private readonly byModel = new Map<unknown, Map<unknown, Map<unknown, LlmSeries>>>()
  private size = 0
  private lastModel: unknown
  private lastProvider: unknown
  private lastOperation: unknown
  private last: LlmSeries | undefined

  constructor(inst: LlmInstruments) {
    this.inst = inst
  }

  get(md: Metadata): LlmSeries {
    const { model, provider, operation } = md
    const last = this.last
    if (
      last !== undefined &&
      model === this.lastModel &&
      provider === this.lastProvider &&
      operation === this.lastOperation
    )
      return last
    const series = this.lookup(md, model, provider, operation)
    this.last = series
    this.lastModel = model
    this.lastProvider = provider
    this.lastOperation = operation
    return series
  }

  private lookup(md: Metadata, model: unknown, provider: unknown, operation: unknown): LlmSeries {
    let byProvider = this.byModel.get(model)
    if (byProvider === undefined) {
      byProvider = new Map()
      this.byModel.set(model, byProvider)
    }
    let byOperation = byProvider.get(provider)
    if (byOperation === undefined) {
      byOperation = new Map()
      byProvider.set(provider, byOperation)
    }
    let series = byOperation.get(operation)
    if (series === undefined) {
      if (this.size >= MAX_SERIES_SETS) {
        this.byModel.clear()
        this.size = 0
        return this.lookup(md, model, provider, operation)
      }
      series = new LlmSeries(this.inst, md, 'success', undefined)
      byOperation.set(operation, series)
      this.size++
    }
    return series
  }
}

/** What the recorder reads: the collector's usage reader and run-cost tracker. */
export interface LlmRecorderSources {
  usage: UsageReader
  runCosts: TraceCostTracker
}

function histogramOf(t: Telemetry, name: string): Histogram {
  return t.metrics.histogram(name, { tagKeys: findMetricDefinition(name)?.tagKeys ?? [] })
}

function counterOf(t: Telemetry, name: string): Counter {
  return t.metrics.counter(name, { tagKeys: findMetricDefinition(name)?.tagKeys ?? [] })
}

/**
 * The handler of `dspex.llm.request.stop`: requests by outcome, duration, cost, chunk timings,
 * tokens by type, and the request's cost added to the optimization run open in its trace. Call it
 * after the taxonomy's definitions are attached, so it records into the same instruments. It
 * reads no key enrichment adds except `trace_id`, which it finds itself when the event has none:
 * attach it with `enrich: false`.
 */
export function createLlmStopRecorder(
  t: Telemetry,
  sources: LlmRecorderSources,
): (event: string, measurements: Measurements, metadata: Metadata) => void {
  const inst: LlmInstruments = {
    requests: counterOf(t, 'dspex.llm.requests'),
    duration: histogramOf(t, 'dspex.llm.request_duration'),
    cost: counterOf(t, 'dspex.llm.cost'),
    tokens: counterOf(t, 'dspex.llm.tokens'),
    tokenUsage: histogramOf(t, 'dspex.llm.token_usage'),
    timePerOutputChunk: histogramOf(t, 'dspex.llm.time_per_output_chunk'),
    timeToFirstChunk: histogramOf(t, 'dspex.llm.time_to_first_chunk'),
  }
  const cache = new SeriesCache(inst)
  const outcomeOf = outcomeReader(llmStop)
  const { usage, runCosts } = sources
  return (_event, m, md) => {
    const read = usage.read(m, md)
    const series = plain(md)
      ? cache.get(md)
      : new LlmSeries(inst, md, md.outcome ?? outcomeOf(md), md as Tags)
    series.record(m, read)
    if (read.cost !== undefined && runCosts.size() > 0) {
      // Attached without enrichment: an emitter that leaves the trace out is in the active one.
      const traceId = typeof md.trace_id === 'string' ? md.trace_id : t.activeSpan()?.spanContext().traceId
      if (traceId !== undefined) runCosts.add(traceId, read.cost)
    }
  }
}
