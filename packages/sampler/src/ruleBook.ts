import type { Clock } from '@foundation-telemetry/core'
import type { ResolvedAdjustments } from './adjustments.ts'
import { NameState } from './nameState.ts'
import { createPatternTable, type PatternTable } from './patterns.ts'
import { Rule } from './rule.ts'
import type { StrategyConfig } from './types.ts'

/** The pattern `stats()` and metrics use for names matched by the default rule. */
export const DEFAULT_PATTERN = '*'

/**
 * The rules and the per-name states. A name is matched once, when first seen, and again only
 * when a rule changes; the map of names is bounded, and names past the bound share one state
 * per rule, keyed by the rule's pattern.
 */
export class RuleBook {
  private readonly table: PatternTable<Rule> = createPatternTable()
  private defaultRule: Rule
  private readonly names = new Map<string, NameState>()
  private readonly overflow = new Map<Rule, NameState>()
  private readonly byPattern = new Map<string, Rule>()
  /** The current load factor (1 when the load is normal or not watched). */
  load = 1

  private readonly clock: Clock
  private readonly random: () => number
  private readonly adjustments: ResolvedAdjustments
  private readonly precision: number
  private readonly maxNames: number
  /** Told about every rule added (to start its timer) and replaced (to stop one). */
  private readonly onRule: (added: Rule, replaced: Rule | undefined) => void

  constructor(
    defaultConfig: StrategyConfig,
    clock: Clock,
    random: () => number,
    adjustments: ResolvedAdjustments,
    precision: number,
    maxNames: number,
    onRule: (added: Rule, replaced: Rule | undefined) => void,
  ) {
    this.clock = clock
    this.random = random
    this.adjustments = adjustments
    this.precision = precision
    this.maxNames = maxNames
    this.onRule = onRule
    this.defaultRule = new Rule(DEFAULT_PATTERN, defaultConfig, clock, random)
    onRule(this.defaultRule, undefined)
  }

  /** Set the rule for a pattern (`*` sets the default) and re-match every known name. */
  configure(pattern: string, config: StrategyConfig): void {
    const rule = new Rule(pattern, config, this.clock, this.random)
    let replaced: Rule | undefined
    if (pattern === DEFAULT_PATTERN) {
      replaced = this.defaultRule
      this.defaultRule = rule
    } else {
      replaced = this.byPattern.get(pattern)
      this.byPattern.set(pattern, rule)
      this.table.set(pattern, rule)
    }
    this.onRule(rule, replaced)
    for (const state of this.names.values()) {
      state.rule = this.ruleFor(state.name)
      state.refresh(this.load, this.adjustments, this.precision)
    }
    if (replaced !== undefined) {
      const spill = this.overflow.get(replaced)
      if (spill !== undefined) {
        this.overflow.delete(replaced)
        spill.rule = rule
        this.overflow.set(rule, spill)
        spill.refresh(this.load, this.adjustments, this.precision)
      }
    }
  }

  private ruleFor(name: string): Rule {
    return this.table.match(name)?.value ?? this.defaultRule
  }

  /** The state of `name`, created on first use. */
  stateFor(name: string): NameState {
    const known = this.names.get(name)
    if (known !== undefined) return known
    const rule = this.ruleFor(name)
    if (this.names.size >= this.maxNames) {
      let spill = this.overflow.get(rule)
      if (spill === undefined) {
        spill = new NameState(rule.pattern, rule)
        spill.refresh(this.load, this.adjustments, this.precision)
        this.overflow.set(rule, spill)
      }
      return spill
    }
    const state = new NameState(name, rule)
    state.refresh(this.load, this.adjustments, this.precision)
    this.names.set(name, state)
    return state
  }

  /** Every state: named ones, then the overflow ones. */
  *states(): IterableIterator<NameState> {
    yield* this.names.values()
    yield* this.overflow.values()
  }

  /** Recompute every state's levels (after a load reading or an interval's end). */
  refreshAll(): void {
    for (const state of this.states()) state.refresh(this.load, this.adjustments, this.precision)
  }

  /** Every rule in force. */
  rules(): Rule[] {
    return [this.defaultRule, ...this.byPattern.values()]
  }
}
