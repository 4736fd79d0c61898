/**
 * Validation of instrument and engine options: bad values are reported (`invalid_input`, with
 * the option name) and replaced by their defaults, never thrown.
 */
import type { MetricDefinition } from '@foundation-telemetry/taxonomy'
import { TelemetryErrorCode } from '../errors.ts'
import { DEFAULT_QUANTILES, defaultBuckets, validBuckets } from './defaultBuckets.ts'
import type { EngineContext } from './engineContext.ts'
import { describe, type InstrumentConfig } from './instrument.ts'
import type { GaugeOptions } from './types.ts'
import { MAX_WINDOWS } from './windowQuery.ts'

/** Series per instrument before the overflow series takes new tag sets. */
export const DEFAULT_CARDINALITY_LIMIT = 2000
/** Sliding window of summaries unless told otherwise: 10 min. */
export const DEFAULT_SUMMARY_WINDOW = 600_000
/** Sub-windows a summary window rotates through unless told otherwise. */
export const DEFAULT_AGE_BUCKETS = 5

/** `options` as an object; anything else but undefined/null is reported and treated as `{}`. */
export function optionsObject(ctx: EngineContext, options: unknown, where: unknown): Record<string, unknown> {
  if (options === undefined || options === null) return {}
  if (typeof options === 'object' && !Array.isArray(options)) return options as Record<string, unknown>
  ctx.report(TelemetryErrorCode.INVALID_INPUT, `${String(where)}: options must be an object; defaults used`, {
    metric: String(where),
  })
  return {}
}

/** Report an option value that was replaced by its default. */
export function invalidOption(ctx: EngineContext, metric: string, option: string, value: unknown): void {
  ctx.report(
    TelemetryErrorCode.INVALID_INPUT,
    `metric ${metric}: invalid ${option} ${describe(value)}; default used`,
    {
      metric,
      option,
    },
  )
}

/** Identity, unit, description and limits of an instrument: options, else the taxonomy, else defaults. */
export function resolveConfig(
  ctx: EngineContext,
  name: string,
  o: Record<string, unknown>,
  definition: MetricDefinition | undefined,
): InstrumentConfig {
  let cardinalityLimit = DEFAULT_CARDINALITY_LIMIT
  if (o.cardinalityLimit !== undefined) {
    if (Number.isInteger(o.cardinalityLimit) && (o.cardinalityLimit as number) >= 1) {
      cardinalityLimit = o.cardinalityLimit as number
    } else invalidOption(ctx, name, 'cardinalityLimit', o.cardinalityLimit)
  }
  let tagKeys: readonly string[] | undefined
  if (o.tagKeys !== undefined) {
    if (Array.isArray(o.tagKeys) && o.tagKeys.every((k) => typeof k === 'string'))
      tagKeys = o.tagKeys as string[]
    else invalidOption(ctx, name, 'tagKeys', o.tagKeys)
  }
  let windows: number[] = []
  if (o.windows !== undefined) {
    const list = o.windows
    if (
      Array.isArray(list) &&
      list.every((w) => typeof w === 'number' && w > 0 && w < Number.POSITIVE_INFINITY)
    ) {
      windows = [...new Set(list as number[])].slice(0, MAX_WINDOWS)
    } else invalidOption(ctx, name, 'windows', list)
  }
  const unit = typeof o.unit === 'string' && o.unit.length > 0 ? o.unit : (definition?.unit ?? '1')
  const description =
    typeof o.description === 'string' && o.description.length > 0
      ? o.description
      : (definition?.description ?? name)
  return { name, unit, description, cardinalityLimit, tagKeys, windows, definition }
}

/** A quantile list (each in 0..1), else the default `[0.5, 0.9, 0.99]`. */
export function quantilesOption(ctx: EngineContext, metric: string, value: unknown): readonly number[] {
  if (value === undefined) return DEFAULT_QUANTILES
  if (Array.isArray(value) && value.every((q) => typeof q === 'number' && q >= 0 && q <= 1)) return [...value]
  invalidOption(ctx, metric, 'quantiles', value)
  return DEFAULT_QUANTILES
}

/** A gauge's `callback` option: a function, else reported and left out. */
export function gaugeCallbackOption(
  ctx: EngineContext,
  metric: string,
  value: unknown,
): GaugeOptions['callback'] | undefined {
  if (value === undefined) return undefined
  if (typeof value === 'function') return value as GaugeOptions['callback']
  invalidOption(ctx, metric, 'callback', value)
  return undefined
}

/** What a histogram is built from once its options are read. */
export interface HistogramSettings {
  buckets: readonly number[]
  sketch: boolean
  quantiles: readonly number[]
}

/** A histogram's buckets (explicit, else the taxonomy's advice, else defaults suited to the unit), sketch and quantiles. */
export function histogramOptions(
  ctx: EngineContext,
  config: InstrumentConfig,
  o: Record<string, unknown>,
): HistogramSettings {
  const advice = config.definition?.buckets
  let buckets = advice !== undefined && validBuckets(advice) ? advice : defaultBuckets(config.unit)
  if (o.buckets !== undefined) {
    if (validBuckets(o.buckets)) buckets = o.buckets
    else invalidOption(ctx, config.name, 'buckets', o.buckets)
  }
  return {
    buckets,
    sketch: o.sketch === undefined ? true : o.sketch !== false,
    quantiles: quantilesOption(ctx, config.name, o.quantiles),
  }
}

/** What a summary is built from once its options are read. */
export interface SummarySettings {
  quantiles: readonly number[]
  window: number
  ageBuckets: number
}

/** A summary's quantiles, sliding window (ms, above 0) and sub-windows (an integer from 1). */
export function summaryOptions(
  ctx: EngineContext,
  metric: string,
  o: Record<string, unknown>,
): SummarySettings {
  const window = finiteAtLeast(ctx, metric, 'window', o.window, Number.MIN_VALUE, DEFAULT_SUMMARY_WINDOW)
  let ageBuckets = DEFAULT_AGE_BUCKETS
  if (o.ageBuckets !== undefined) {
    if (Number.isInteger(o.ageBuckets) && (o.ageBuckets as number) >= 1) ageBuckets = o.ageBuckets as number
    else invalidOption(ctx, metric, 'ageBuckets', o.ageBuckets)
  }
  return { window, ageBuckets, quantiles: quantilesOption(ctx, metric, o.quantiles) }
}

/**
 * A finite number option of at least `min` (a `window`, an `interval`), else `fallback`; a value
 * given that is not one is reported.
 */
export function finiteAtLeast(
  ctx: EngineContext,
  metric: string,
  option: string,
  value: unknown,
  min: number,
  fallback: number,
): number {
  if (value === undefined) return fallback
  if (typeof value === 'number' && value >= min && value < Number.POSITIVE_INFINITY) return value
  invalidOption(ctx, metric, option, value)
  return fallback
}
