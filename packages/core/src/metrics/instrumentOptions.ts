/**
 * Validation of instrument and engine options: bad values are reported (`invalid_input`, with
 * the option name) and replaced by their defaults, never thrown.
 */
import type { MetricDefinition } from '@foundation-telemetry/taxonomy'
import { TelemetryErrorCode } from '../errors.ts'
import { DEFAULT_QUANTILES } from './defaultBuckets.ts'
import type { EngineContext } from './engineContext.ts'
import { describe, type InstrumentConfig } from './instrument.ts'
import { MAX_WINDOWS } from './windowQuery.ts'

/** Series per instrument before the overflow series takes new tag sets. */
export const DEFAULT_CARDINALITY_LIMIT = 2000

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
