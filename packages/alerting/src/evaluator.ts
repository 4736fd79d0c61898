/**
 * Evaluates every rule at one instant and steps each alert's lifecycle. Metric rules read core's
 * metrics; event rules read what their events latched since the previous evaluation (and also
 * step at the event itself, so an event alert with `for: 0` fires without waiting for the tick).
 */
import type { Measurements, Metadata, Metrics } from '@foundation-telemetry/core'
import { stepInstance, type Transition } from './alertState.ts'
import { compare } from './comparator.ts'
import type { CompiledRule } from './compileRule.ts'
import { MetricReader } from './metricReader.ts'
import { entryFor, type RuleEntry, type RuleRuntime } from './ruleRuntime.ts'
import type { EventRule, MetricRule } from './types.ts'

/** Resolved alerts are kept this long (for `alerts()` and re-sending), as Prometheus keeps them. */
export const RESOLVED_RETENTION_MS = 15 * 60_000

/** Where the evaluator sends what it finds. */
export interface EvaluatorHooks {
  transition(runtime: RuleRuntime, entry: RuleEntry, transition: Transition, now: number): void
  /** A rule could not be evaluated as written (missing metric, a throwing `when`). */
  problem(rule: string, field: string, message: string, details?: Record<string, unknown>): void
}

const emptyTags: Readonly<Record<string, string>> = Object.freeze({})

/** Evaluates compiled rules. */
export class Evaluator {
  readonly runtimes: RuleRuntime[]
  private readonly reader: MetricReader
  private readonly hooks: EvaluatorHooks
  private evaluation = 0

  constructor(metrics: Metrics, runtimes: RuleRuntime[], hooks: EvaluatorHooks) {
    this.reader = new MetricReader(metrics)
    this.runtimes = runtimes
    this.hooks = hooks
  }

  /** Start the windows metric rules read, so they hold history from now on. */
  prime(): void {
    for (const rt of this.runtimes) {
      if (rt.compiled.kind === 'metric') this.reader.prime(rt.compiled.rule, rt.compiled.windows)
    }
  }

  /** Evaluate every rule at `now`. */
  evaluate(now: number): void {
    const id = ++this.evaluation
    this.reader.begin()
    for (const rt of this.runtimes) {
      try {
        rt.health = 'ok'
        rt.lastError = undefined
        if (rt.compiled.kind === 'metric') this.evaluateMetric(rt, rt.compiled.rule, id, now)
        else this.evaluateEvent(rt, now)
      } catch (error) {
        rt.health = 'error'
        rt.lastError = `evaluation failed: ${String(error)}`
        this.hooks.problem(rt.compiled.rule.name, 'rule', rt.lastError, { error })
      }
      rt.lastEvaluation = now
      this.sweep(rt, now)
    }
  }

  private step(rt: RuleRuntime, entry: RuleEntry, holds: boolean, value: number, now: number): void {
    const t = stepInstance(entry.instance, holds, value, now, rt.compiled.forMs, rt.compiled.keepMs)
    if (t !== 'none') this.hooks.transition(rt, entry, t, now)
  }

  private evaluateMetric(rt: RuleRuntime, rule: MetricRule, id: number, now: number): void {
    const compiled = rt.compiled as Extract<CompiledRule, { kind: 'metric' }>
    const reading = this.reader.read(rule, compiled.windows)
    const policy = rule.noData ?? 'ok'
    if ('missing' in reading || reading.series.length === 0) {
      rt.health = 'nodata'
      if ('missing' in reading) rt.lastError = `metric ${reading.missing} does not exist yet`
      if ('missing' in reading && rt.reportedMissing !== reading.missing) {
        rt.reportedMissing = reading.missing
        this.hooks.problem(
          rule.name,
          reading.missing === rule.metric ? 'metric' : 'denominator',
          `metric ${reading.missing} does not exist yet; the rule has no data`,
          {
            metric: reading.missing,
          },
        )
      }
      this.noData(rt, policy, id, now)
      return
    }
    rt.reportedMissing = undefined
    let withData = 0
    for (const series of reading.series) {
      const key = series.key
      const values = series.values
      let noData = false
      let holds = true
      for (let i = 0; i < values.length; i++) {
        const v = values[i]!
        if (Number.isNaN(v)) noData = true
        else if (!compare(v, rule.comparator, rule.threshold)) holds = false
      }
      const value = values[0]!
      if (!noData) withData++
      if (noData) {
        if (policy === 'keep') {
          const existing = rt.entries.get(key)
          if (existing !== undefined) existing.seenAt = id
          continue
        }
        holds = policy === 'alerting'
      }
      let entry = rt.entries.get(key)
      if (entry === undefined) {
        // An alert that does not hold and never did needs no state.
        if (!holds) continue
        entry = entryFor(rt, key, series.tags)
      }
      entry.seenAt = id
      this.step(rt, entry, holds, value, now)
    }
    if (withData === 0) rt.health = 'nodata'
    // Series that disappeared: their condition no longer holds, as in Prometheus.
    for (const entry of rt.entries.values()) {
      if (entry.seenAt !== id) this.step(rt, entry, false, Number.NaN, now)
    }
  }

  private noData(rt: RuleRuntime, policy: 'ok' | 'alerting' | 'keep', id: number, now: number): void {
    if (policy === 'keep') return
    if (policy === 'alerting') {
      const entry = entryFor(rt, '', emptyTags)
      entry.seenAt = id
      this.step(rt, entry, true, Number.NaN, now)
    }
    for (const entry of rt.entries.values()) {
      if (entry.seenAt !== id) this.step(rt, entry, false, Number.NaN, now)
    }
  }

  private evaluateEvent(rt: RuleRuntime, now: number): void {
    const withResolve = (rt.compiled.rule as EventRule).resolveWhen !== undefined
    for (const entry of rt.entries.values()) {
      const holds = withResolve ? entry.latched : entry.matchedSinceEval
      entry.matchedSinceEval = false
      this.step(rt, entry, holds, holds ? entry.instance.value : Number.NaN, now)
    }
  }

  /** An event arrived for an event rule. */
  onEvent(rt: RuleRuntime, measurements: Measurements, metadata: Metadata, now: number): void {
    const rule = rt.compiled.rule as EventRule
    let matched = false
    let cleared = false
    let field = 'when'
    try {
      matched = rule.when(measurements ?? {}, metadata ?? {}) === true
      field = 'resolveWhen'
      if (!matched && rule.resolveWhen !== undefined)
        cleared = rule.resolveWhen(measurements ?? {}, metadata ?? {}) === true
    } catch (error) {
      this.hooks.problem(rule.name, field, `threw: ${String(error)}`, { error })
      return
    }
    if (!matched && !cleared) return
    const tags: Record<string, string> = {}
    for (const key of rule.by ?? []) {
      const v = (metadata as Record<string, unknown> | undefined)?.[key]
      if (v !== undefined && v !== null) tags[key] = String(v)
    }
    const key = rule.by === undefined || rule.by.length === 0 ? '' : JSON.stringify(tags)
    if (matched) {
      const entry = entryFor(rt, key, tags)
      entry.latched = true
      entry.matchedSinceEval = true
      const value = typeof measurements?.value === 'number' ? measurements.value : 1
      this.step(rt, entry, true, value, now)
      return
    }
    const entry = rt.entries.get(key)
    if (entry === undefined) return
    entry.latched = false
    this.step(rt, entry, false, 0, now)
  }

  /** Forget alerts that ended: dropped pending ones at once, resolved ones after the retention. */
  private sweep(rt: RuleRuntime, now: number): void {
    for (const [key, entry] of rt.entries) {
      const a = entry.instance
      if (
        a.state === 'inactive' ||
        (a.state === 'resolved' && now - (a.resolvedAt ?? now) >= RESOLVED_RETENTION_MS)
      ) {
        if (!entry.latched) rt.entries.delete(key)
      }
    }
  }
}
