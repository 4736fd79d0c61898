/**
 * The engine's rules: the compiled ones with their live alerts, and the invalid ones, kept so
 * `rules()` lists them with their error. The queries the engine answers from them (active alerts,
 * an alert by fingerprint, acknowledgement, rule health) live here, next to the data they walk.
 */
import { compileRule } from './compileRule.ts'
import { createRuleRuntime, type RuleEntry, type RuleRuntime, toAlert } from './ruleRuntime.ts'
import type { Alert, AlertRule, RuleStatus } from './types.ts'

/** Compiled rules and the statuses of the rules that did not compile. */
export interface RuleSet {
  readonly runtimes: RuleRuntime[]
  readonly invalid: readonly RuleStatus[]
}

/** Reports one problem of one rule (the rule's name, the field, what is wrong). */
export type RuleProblemReport = (rule: string, field: string, message: string) => void

/** Compile `rules`; each invalid one is reported field by field and kept as an `error` status. */
export function compileRules(rules: readonly AlertRule[], problem: RuleProblemReport): RuleSet {
  const runtimes: RuleRuntime[] = []
  const invalid: RuleStatus[] = []
  for (const [i, rule] of rules.entries()) {
    const compiled = compileRule(rule, i)
    if (!Array.isArray(compiled)) {
      runtimes.push(createRuleRuntime(compiled))
      continue
    }
    for (const p of compiled) problem(p.rule, p.field, p.message)
    invalid.push({
      name: compiled[0]?.rule ?? `rules[${i}]`,
      kind: rule !== null && typeof rule === 'object' && 'event' in rule ? 'event' : 'metric',
      health: 'error',
      error: compiled.map((p) => `${p.field}: ${p.message}`).join('; '),
      active: 0,
    })
  }
  return { runtimes, invalid }
}

/** The alert with `fingerprint` and its rule, if any. */
export function findAlertEntry(
  set: RuleSet,
  fingerprint: string,
): { rt: RuleRuntime; entry: RuleEntry } | undefined {
  for (const rt of set.runtimes)
    for (const entry of rt.entries.values())
      if (entry.instance.fingerprint === fingerprint) return { rt, entry }
  return undefined
}

/** Every pending, firing and recently resolved alert. */
export function activeAlerts(set: RuleSet): Alert[] {
  const out: Alert[] = []
  for (const rt of set.runtimes)
    for (const entry of rt.entries.values())
      if (entry.instance.state !== 'inactive') out.push(toAlert(rt, entry))
  return out
}

/**
 * Acknowledge the pending or firing alert whose fingerprint is `id`, or every such alert of the
 * rule named `id`; `acknowledged` hears each fingerprint. Returns whether any was.
 */
export function acknowledgeAlerts(
  set: RuleSet,
  id: string,
  acknowledged: (fingerprint: string) => void,
): boolean {
  let found = false
  for (const rt of set.runtimes) {
    for (const entry of rt.entries.values()) {
      const a = entry.instance
      if (a.fingerprint !== id && rt.compiled.rule.name !== id) continue
      if (a.state !== 'firing' && a.state !== 'pending') continue
      a.acknowledged = true
      acknowledged(a.fingerprint)
      found = true
    }
  }
  return found
}

/** Every rule with its health and active alerts, the invalid ones last (copies). */
export function ruleStatuses(set: RuleSet): RuleStatus[] {
  const out: RuleStatus[] = set.runtimes.map((rt) => {
    let active = 0
    for (const e of rt.entries.values())
      if (e.instance.state === 'pending' || e.instance.state === 'firing') active++
    const status: RuleStatus = {
      name: rt.compiled.rule.name,
      kind: rt.compiled.kind,
      health: rt.health,
      active,
    }
    if (rt.lastError !== undefined && rt.health !== 'ok') status.error = rt.lastError
    if (rt.lastEvaluation !== undefined) status.lastEvaluation = rt.lastEvaluation
    return status
  })
  return [...out, ...set.invalid.map((r) => ({ ...r }))]
}
