/**
 * The run-time side of one rule: its alerts by label set, and how each becomes the public
 * {@link Alert}. Metric and event rules share it; they differ only in how the condition is read.
 */
import { type AlertInstance, newInstance } from './alertState.ts'
import type { CompiledRule } from './compileRule.ts'
import { fingerprint } from './fingerprint.ts'
import { renderAnnotations } from './template.ts'
import type { Alert } from './types.ts'

/** One alert of a rule, with the bookkeeping evaluation needs. */
export interface RuleEntry {
  readonly instance: AlertInstance
  /** The evaluation that last saw this label set. */
  seenAt: number
  /** Event rules: the condition as the last `when` / `resolveWhen` left it. */
  latched: boolean
  /** Event rules: a `when` matched since the previous evaluation. */
  matchedSinceEval: boolean
}

/** A compiled rule and its alerts. */
export interface RuleRuntime {
  readonly compiled: CompiledRule
  /** `alertname`, `severity` and the rule's labels. */
  readonly baseLabels: Readonly<Record<string, string>>
  readonly entries: Map<string, RuleEntry>
  /** The missing metric reported for the current no-data episode, so it is reported once. */
  reportedMissing: string | undefined
  /** After the last evaluation: `ok`, `nodata` (no series or no values) or `error`. */
  health: 'ok' | 'nodata' | 'error' | 'unknown'
  lastError: string | undefined
  lastEvaluation: number | undefined
}

/** Create the runtime of a compiled rule. */
export function createRuleRuntime(compiled: CompiledRule): RuleRuntime {
  const rule = compiled.rule
  return {
    compiled,
    baseLabels: { alertname: rule.name, severity: rule.severity, ...rule.labels },
    entries: new Map(),
    reportedMissing: undefined,
    health: 'unknown',
    lastError: undefined,
    lastEvaluation: undefined,
  }
}

const invalidLabelChar = /[^a-zA-Z0-9_]/g

/** A tag key as a label name, as the Prometheus exporter writes it. */
export function labelNameOf(key: string): string {
  let out = key.replace(invalidLabelChar, '_')
  if (out === '' || /^[0-9]/.test(out)) out = `_${out}`
  return out
}

/** The entry for `key` (series tags), created inactive when new. Rule labels win over tags, as in Prometheus. */
export function entryFor(
  runtime: RuleRuntime,
  key: string,
  tags: Readonly<Record<string, string>>,
): RuleEntry {
  let entry = runtime.entries.get(key)
  if (entry === undefined) {
    const labels: Record<string, string> = {}
    for (const k of Object.keys(tags)) {
      const v = tags[k]!
      if (v !== '') labels[labelNameOf(k)] = v
    }
    Object.assign(labels, runtime.baseLabels)
    entry = {
      instance: newInstance(labels, fingerprint(labels)),
      seenAt: -1,
      latched: false,
      matchedSinceEval: false,
    }
    runtime.entries.set(key, entry)
  }
  return entry
}

/** The public view of an alert. */
export function toAlert(runtime: RuleRuntime, entry: RuleEntry): Alert {
  const a = entry.instance
  const alert: Alert = {
    name: runtime.compiled.rule.name,
    state: a.state === 'firing' ? 'firing' : a.state === 'pending' ? 'pending' : 'resolved',
    labels: a.labels,
    annotations: renderAnnotations(runtime.compiled.rule.annotations, a.labels, a.value),
    value: a.value,
    since: a.since,
    fingerprint: a.fingerprint,
    activeAt: a.activeAt,
    acknowledged: a.acknowledged,
  }
  if (a.firedAt !== undefined) alert.firedAt = a.firedAt
  if (a.resolvedAt !== undefined) alert.resolvedAt = a.resolvedAt
  return alert
}

/** `observe(count, { alertname, severity, state })` per rule, severity and state with pending or firing alerts. */
export function observeAlertStates(
  runtimes: readonly RuleRuntime[],
  observe: (value: number, tags: Record<string, string>) => void,
): void {
  const counts = new Map<string, { tags: Record<string, string>; n: number }>()
  for (const rt of runtimes) {
    const { name, severity } = rt.compiled.rule
    for (const entry of rt.entries.values()) {
      const state = entry.instance.state
      if (state !== 'pending' && state !== 'firing') continue
      const key = `${name}\u0000${severity}\u0000${state}`
      const c = counts.get(key)
      if (c === undefined) counts.set(key, { tags: { alertname: name, severity, state }, n: 1 })
      else c.n++
    }
  }
  for (const c of counts.values()) observe(c.n, c.tags)
}
