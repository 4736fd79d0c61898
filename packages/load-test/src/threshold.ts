/**
 * Threshold expressions: `p95<5ms`, `error_rate<0.01`, `p99{scenario:read}<10ms over 10s`.
 *
 * A statistic, an optional scenario filter, a comparator, a value with an optional unit, and an
 * optional `over <duration>`: without it the threshold is judged once on the whole measured run;
 * with it, on every rolling window of that length while the test runs (and fails if any fails).
 */
import { durationMs } from './duration.ts'
import { LoadTestConfigError } from './loadTestError.ts'

/** Comparators a threshold may use. */
export type ThresholdComparator = '<' | '<=' | '>' | '>=' | '==' | '!='

/** What a threshold reads. Latencies are ms, rates are ratios (0..1), throughput is per second. */
export type ThresholdStatistic =
  | { kind: 'quantile'; q: number }
  | {
      kind: 'avg' | 'min' | 'max' | 'error_rate' | 'errors' | 'count' | 'successes' | 'throughput' | 'dropped'
    }

/** A threshold in object form; k6's option names. */
export interface ThresholdObject {
  /** The expression, e.g. `'p95<5ms over 10s'`. */
  threshold: string
  /** Stop the test as soon as this threshold fails. Defaults to false. */
  abortOnFail?: boolean
  /** With `abortOnFail`: do not abort during the first part of the measured phase. Defaults to 0. */
  delayAbortEval?: number | string
}

/** A threshold as options accept it. */
export type ThresholdInput = string | ThresholdObject

/** A parsed threshold. */
export interface Threshold {
  /** The expression as written. */
  readonly expression: string
  readonly statistic: ThresholdStatistic
  /** The scenario filter (`{scenario:read}`), or undefined for the whole test. */
  readonly scenario: string | undefined
  readonly comparator: ThresholdComparator
  /** The bound in the statistic's base unit (ms, ratio, per second, count). */
  readonly bound: number
  /** `over <duration>`: the rolling window length in ms, or undefined for the whole run. */
  readonly windowMs: number | undefined
  readonly abortOnFail: boolean
  readonly delayAbortEvalMs: number
}

const GRAMMAR =
  /^\s*([a-z_]+|p\(\d+(?:\.\d+)?\)|p\d+(?:\.\d+)?)\s*(?:\{\s*([a-z_]+)\s*:\s*([^}]*?)\s*\})?\s*(<=|>=|==|!=|<|>)\s*(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)\s*(ms|s|us|µs|%|\/s)?\s*(?:over\s+(\S+))?\s*$/i

const STATS: Readonly<Record<string, ThresholdStatistic['kind']>> = {
  avg: 'avg',
  mean: 'avg',
  med: 'quantile',
  min: 'min',
  max: 'max',
  error_rate: 'error_rate',
  errors: 'errors',
  count: 'count',
  iterations: 'count',
  successes: 'successes',
  throughput: 'throughput',
  rps: 'throughput',
  dropped: 'dropped',
}

const LATENCY_UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, us: 0.001, µs: 0.001 }

/** Parse one threshold; throws {@link LoadTestConfigError} naming `field` when it is not valid. */
export function parseThreshold(input: unknown, field: string): Threshold {
  let text: unknown = input
  let abortOnFail = false
  let delay: unknown = 0
  if (typeof input === 'object' && input !== null) {
    const object = input as Partial<ThresholdObject>
    text = object.threshold
    if (object.abortOnFail !== undefined && typeof object.abortOnFail !== 'boolean') {
      throw new LoadTestConfigError(`${field}.abortOnFail`, 'expected a boolean')
    }
    abortOnFail = object.abortOnFail === true
    delay = object.delayAbortEval ?? 0
    field = `${field}.threshold`
  }
  if (typeof text !== 'string') {
    throw new LoadTestConfigError(
      field,
      `expected a threshold such as 'p95<5ms', got ${JSON.stringify(text)}`,
    )
  }
  const match = GRAMMAR.exec(text)
  if (match === null) {
    throw new LoadTestConfigError(
      field,
      `cannot parse threshold ${JSON.stringify(text)} (expected e.g. 'p95<5ms', 'error_rate<0.01', 'p99{scenario:read}<10ms over 10s')`,
    )
  }
  const [, rawStat = '', tagKey, tagValue, comparator = '<', rawNumber = '0', unit, over] = match
  const statistic = statisticOf(rawStat.toLowerCase(), text, field)
  if (tagKey !== undefined && tagKey !== 'scenario') {
    throw new LoadTestConfigError(field, `only {scenario:<name>} filters are supported, got {${tagKey}:...}`)
  }
  if (tagKey !== undefined && (tagValue === undefined || tagValue === '')) {
    throw new LoadTestConfigError(field, 'the scenario filter names no scenario')
  }
  const bound = boundOf(statistic, Number(rawNumber), unit, text, field)
  let windowMs: number | undefined
  if (over !== undefined) {
    windowMs = durationMs(over)
    if (windowMs === undefined || windowMs <= 0) {
      throw new LoadTestConfigError(field, `'over ${over}' is not a positive duration`)
    }
    if (statistic.kind === 'dropped') {
      throw new LoadTestConfigError(field, 'dropped iterations are judged on the whole run only (no "over")')
    }
  }
  const delayAbortEvalMs = durationMs(delay)
  if (delayAbortEvalMs === undefined) {
    throw new LoadTestConfigError(
      `${field.replace(/\.threshold$/, '')}.delayAbortEval`,
      'expected a duration',
    )
  }
  return {
    expression: text.trim(),
    statistic,
    scenario: tagValue?.replace(/^['"]|['"]$/g, ''),
    comparator: comparator as ThresholdComparator,
    bound,
    windowMs,
    abortOnFail,
    delayAbortEvalMs,
  }
}

function statisticOf(stat: string, text: string, field: string): ThresholdStatistic {
  const quantile = /^p\(?(\d+(?:\.\d+)?)\)?$/.exec(stat)
  if (quantile !== null) {
    const percent = Number(quantile[1])
    if (!(percent >= 0 && percent <= 100)) {
      throw new LoadTestConfigError(field, `percentile out of range in ${JSON.stringify(text)}`)
    }
    return { kind: 'quantile', q: percent / 100 }
  }
  const kind = STATS[stat]
  if (kind === undefined) {
    throw new LoadTestConfigError(
      field,
      `unknown statistic '${stat}' in ${JSON.stringify(text)} (use pNN, avg, min, max, med, error_rate, errors, count, successes, throughput, dropped)`,
    )
  }
  if (kind === 'quantile') return { kind: 'quantile', q: 0.5 }
  return { kind } as ThresholdStatistic
}

function boundOf(
  statistic: ThresholdStatistic,
  value: number,
  unit: string | undefined,
  text: string,
  field: string,
): number {
  const kind = statistic.kind
  const latency = kind === 'quantile' || kind === 'avg' || kind === 'min' || kind === 'max'
  if (unit === undefined) return value
  const u = unit.toLowerCase()
  if (latency && u in LATENCY_UNITS) return value * LATENCY_UNITS[u]!
  if (kind === 'error_rate' && u === '%') return value / 100
  if (kind === 'throughput' && u === '/s') return value
  throw new LoadTestConfigError(field, `unit '${unit}' does not fit '${kind}' in ${JSON.stringify(text)}`)
}

/** Whether `value` satisfies the threshold. NaN (no data) passes: a threshold judges what happened. */
export function thresholdHolds(threshold: Threshold, value: number): boolean {
  if (Number.isNaN(value)) return true
  const b = threshold.bound
  switch (threshold.comparator) {
    case '<':
      return value < b
    case '<=':
      return value <= b
    case '>':
      return value > b
    case '>=':
      return value >= b
    case '==':
      return value === b
    case '!=':
      return value !== b
  }
}

/** Whether a larger value is worse for this threshold (`<` bounds), for reporting the worst window. */
export function largerIsWorse(threshold: Threshold): boolean {
  return threshold.comparator === '<' || threshold.comparator === '<='
}
