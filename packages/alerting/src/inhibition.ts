/**
 * Inhibition as Alertmanager does it: while an alert matching `source` fires, alerts matching
 * `target` whose `equal` labels have the same values are muted. An alert never inhibits itself.
 */
import { type CompiledMatcher, compileMatchers, type MatchersInput, matchesAll } from './matchers.ts'

/** One inhibition rule. */
export interface InhibitRule {
  /** Matchers of the muting alert (`sourceMatchers`, as Alertmanager names it, is read too). */
  source?: MatchersInput
  /** Matchers of the muted alerts (`targetMatchers` is read too). */
  target?: MatchersInput
  sourceMatchers?: MatchersInput
  targetMatchers?: MatchersInput
  /** Labels whose values must be equal on source and target. Defaults to none. */
  equal?: readonly string[]
}

/** A firing alert, as inhibition sees it. */
export interface LabelledAlert {
  readonly labels: Readonly<Record<string, string>>
  readonly fingerprint: string
}

interface Compiled {
  source: CompiledMatcher[]
  target: CompiledMatcher[]
  equal: readonly string[]
}

/** Compiled inhibition rules. */
export class Inhibitor {
  private readonly rules: Compiled[] = []

  /** Compile `rules`; malformed ones are passed to `report` and skipped. */
  constructor(rules: readonly InhibitRule[] | undefined, report: (index: number, message: string) => void) {
    for (const [i, rule] of (rules ?? []).entries()) {
      const source = compileMatchers(rule?.source ?? rule?.sourceMatchers ?? [])
      const target = compileMatchers(rule?.target ?? rule?.targetMatchers ?? [])
      if (typeof source === 'string' || typeof target === 'string') {
        report(i, typeof source === 'string' ? source : (target as string))
        continue
      }
      this.rules.push({ source, target, equal: rule.equal ?? [] })
    }
  }

  /** Whether `alert` is muted by one of `firing`. */
  mutes(alert: LabelledAlert, firing: Iterable<LabelledAlert>): boolean {
    if (this.rules.length === 0) return false
    for (const rule of this.rules) {
      if (!matchesAll(rule.target, alert.labels)) continue
      for (const source of firing) {
        if (source.fingerprint === alert.fingerprint || !matchesAll(rule.source, source.labels)) continue
        if (rule.equal.every((name) => (source.labels[name] ?? '') === (alert.labels[name] ?? '')))
          return true
      }
    }
    return false
  }
}
