/**
 * Checks one rule and resolves its durations once. A bad field is reported with the rule's name
 * and the field; the rule is then skipped while every other rule keeps running.
 */
import { isComparator } from './comparator.ts'
import { parseDuration } from './duration.ts'
import type { Aggregate, AlertRule, EventRule, MetricRule, Severity } from './types.ts'

/** The aggregates a metric rule may name. */
export const aggregates: readonly Aggregate[] = [
  'value',
  'rate',
  'increase',
  'ratio',
  'avg',
  'min',
  'max',
  'p50',
  'p90',
  'p95',
  'p99',
]

/** Severities, lowest first. */
export const severities: readonly Severity[] = ['info', 'warning', 'error', 'critical']

/** A quantile aggregate's q. */
export const quantileOf: Readonly<Partial<Record<Aggregate, number>>> = {
  p50: 0.5,
  p90: 0.9,
  p95: 0.95,
  p99: 0.99,
}

/** The window used when a rule names none: one minute. */
export const DEFAULT_WINDOW_MS = 60_000

/** A problem with one field of one rule. */
export interface RuleProblem {
  rule: string
  field: string
  message: string
}

/** A checked rule with its durations in ms. */
export type CompiledRule =
  | { kind: 'metric'; rule: MetricRule; forMs: number; keepMs: number; windows: readonly number[] }
  | { kind: 'event'; rule: EventRule; forMs: number; keepMs: number; events: readonly string[] }

const labelName = /^[a-zA-Z_][a-zA-Z0-9_]*$/

/** Records a problem with `field` of the rule being checked. */
type AddProblem = (field: string, message: string) => void

/** Check `rule`; returns the compiled rule or the problems found. */
export function compileRule(rule: AlertRule, index: number): CompiledRule | RuleProblem[] {
  const problems: RuleProblem[] = []
  const r = rule as unknown as Record<string, unknown>
  const name = typeof r?.name === 'string' && r.name !== '' ? r.name : `rules[${index}]`
  const problem: AddProblem = (field, message) => problems.push({ rule: name, field, message })
  if (rule === null || typeof rule !== 'object') {
    problem('rule', 'a rule must be an object')
    return problems
  }
  const { forMs, keepMs } = checkCommonFields(r, problem)
  if ('event' in rule) {
    const events = checkEventFields(rule, problem)
    if (problems.length > 0) return problems
    return { kind: 'event', rule, forMs: forMs!, keepMs: keepMs!, events }
  }
  checkMetricFields(r, problem)
  const windows = readWindows(r.window, problem)
  if (problems.length > 0) return problems
  return { kind: 'metric', rule: rule as MetricRule, forMs: forMs!, keepMs: keepMs!, windows }
}

/** The fields of every rule: name, severity, durations, labels and annotations. */
function checkCommonFields(
  r: Record<string, unknown>,
  problem: AddProblem,
): { forMs: number | undefined; keepMs: number | undefined } {
  if (typeof r.name !== 'string' || r.name === '') problem('name', 'a rule needs a name')
  if (!(severities as readonly unknown[]).includes(r.severity)) {
    problem('severity', `unknown severity ${JSON.stringify(r.severity)}; use ${severities.join(', ')}`)
  }
  const forMs = parseDuration((r.for as string | number | undefined) ?? 0)
  if (forMs === undefined) problem('for', `invalid duration ${JSON.stringify(r.for)}`)
  const keepMs = parseDuration((r.keepFiringFor as string | number | undefined) ?? 0)
  if (keepMs === undefined) problem('keepFiringFor', `invalid duration ${JSON.stringify(r.keepFiringFor)}`)
  for (const field of ['labels', 'annotations'] as const) checkStringMap(field, r[field], problem)
  return { forMs, keepMs }
}

/** `labels` or `annotations`: unset, or an object of strings (labels with Prometheus label names). */
function checkStringMap(field: 'labels' | 'annotations', value: unknown, problem: AddProblem): void {
  if (value === undefined) return
  if (value === null || typeof value !== 'object') {
    problem(field, `${field} must be an object of strings`)
    return
  }
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== 'string') problem(field, `${field}.${key} must be a string`)
    if (field === 'labels' && !labelName.test(key))
      problem(field, `label name ${JSON.stringify(key)} is invalid`)
  }
}

/** An event rule's own fields; returns its event names. */
function checkEventFields(rule: EventRule, problem: AddProblem): string[] {
  const events = typeof rule.event === 'string' ? [rule.event] : Array.isArray(rule.event) ? rule.event : []
  if (events.length === 0 || events.some((e) => typeof e !== 'string' || e === '')) {
    problem('event', 'an event rule needs an event name or a list of names')
  }
  if (typeof rule.when !== 'function')
    problem('when', 'an event rule needs a when(measurements, metadata) function')
  if (rule.resolveWhen !== undefined && typeof rule.resolveWhen !== 'function') {
    problem('resolveWhen', 'resolveWhen must be a function')
  }
  return events
}

/** A metric rule's own fields, but its windows. */
function checkMetricFields(r: Record<string, unknown>, problem: AddProblem): void {
  if (typeof r.metric !== 'string' || r.metric === '') problem('metric', 'a rule needs a metric or an event')
  if (!(aggregates as readonly unknown[]).includes(r.aggregate)) {
    problem('aggregate', `unknown aggregate ${JSON.stringify(r.aggregate)}; use ${aggregates.join(', ')}`)
  }
  if (!isComparator(r.comparator)) {
    problem('comparator', `unknown comparator ${JSON.stringify(r.comparator)}; use >, >=, <, <=, ==, !=`)
  }
  if (typeof r.threshold !== 'number' || Number.isNaN(r.threshold))
    problem('threshold', 'threshold must be a number')
  if (r.aggregate === 'ratio' && (typeof r.denominator !== 'string' || r.denominator === '')) {
    problem('denominator', 'a ratio rule needs a denominator metric')
  }
  if (r.noData !== undefined && r.noData !== 'ok' && r.noData !== 'alerting' && r.noData !== 'keep') {
    problem('noData', `unknown noData ${JSON.stringify(r.noData)}; use ok, alerting or keep`)
  }
  if (r.series !== undefined && r.series !== 'each' && r.series !== 'merged') {
    problem('series', `unknown series ${JSON.stringify(r.series)}; use each or merged`)
  }
}

/** A metric rule's windows in ms: one duration or a list, {@link DEFAULT_WINDOW_MS} when unset. */
function readWindows(window: unknown, problem: AddProblem): number[] {
  const rawWindows = window === undefined ? [DEFAULT_WINDOW_MS] : Array.isArray(window) ? window : [window]
  const windows: number[] = []
  for (const w of rawWindows) {
    const ms = parseDuration(w as string | number)
    if (ms === undefined || ms <= 0) problem('window', `invalid window ${JSON.stringify(w)}`)
    else windows.push(ms)
  }
  if (rawWindows.length === 0) problem('window', 'window list is empty')
  return windows
}
