import type { Clock } from '@foundation-telemetry/core'
import type { ResolvedAdjustments } from './adjustments.ts'
import { NameState } from './nameState.ts'
import { createPatternTable, type PatternTable } from './patterns.ts'
import { Rule } from './rule.ts'
import type { StrategyConfig } from './types.ts'

/** The pattern `stats()` and metrics use for names matched by the default rule. */
export const DEFAULT_PATTERN = '*'

/** What a {@link RuleBook} is built from. */
export interface RuleBookOptions {
  /** The default rule's strategy (pattern `*`). */
  defaultConfig: StrategyConfig
  clock: Clock
  random: () => number
  adjustments: ResolvedAdjustments
  /** Threshold hex digits (1 to 14). */
  precision: number
  /** Names tracked one by one; names past it share one state per rule. */
  maxNames: number
  /** Told about every rule added (to start its timer) and replaced (to stop one). */
  onRule: (added: Rule, replaced: Rule | undefined) => void
}

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

  private readonly options: RuleBookOptions

  constructor(options: RuleBookOptions) {
    this.options = options
    this.defaultRule = new Rule(DEFAULT_PATTERN, options.defaultConfig, options.clock, options.random)
    options.onRule(this.defaultRule, undefined)
  }

  /** Set the rule for a pattern (`*` sets the default) and re-match every known name. */
  configure(pattern: string, config: StrategyConfig): void {
    const rule = new Rule(pattern, config, this.options.clock, this.options.random)
    let replaced: Rule | undefined
    if (pattern === DEFAULT_PATTERN) {
      replaced = this.defaultRule
      this.defaultRule = rule
    } else {
      replaced = this.byPattern.get(pattern)
      this.byPattern.set(pattern, rule)
      this.table.set(pattern, rule)
    }
    this.options.onRule(rule, replaced)
    for (const state of this.names.values()) {
      state.rule = this.ruleFor(state.name)
      this.refresh(state)
    }
    if (replaced !== undefined) {
      const spill = this.overflow.get(replaced)
      if (spill !== undefined) {
        this.overflow.delete(replaced)
        spill.rule = rule
        this.overflow.set(rule, spill)
        this.refresh(spill)
      }
    }
  }

  private refresh(state: NameState): void {
    state.refresh(this.load, this.options.adjustments, this.options.precision)
  }

  private ruleFor(name: string): Rule {
    return this.table.match(name)?.value ?? this.defaultRule
  }

  /** The state of `name`, created on first use. */
  stateFor(name: string): NameState {
    const known = this.names.get(name)
    if (known !== undefined) return known
    const rule = this.ruleFor(name)
    if (this.names.size >= this.options.maxNames) {
      let spill = this.overflow.get(rule)
      if (spill === undefined) {
        spill = new NameState(rule.pattern, rule)
        this.refresh(spill)
        this.overflow.set(rule, spill)
      }
      return spill
    }
    const state = new NameState(name, rule)
    this.refresh(state)
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
    for (const state of this.states()) this.refresh(state)
  }

  /** Every rule in force. */
  rules(): Rule[] {
    return [this.defaultRule, ...this.byPattern.values()]
  }
}
