import { isValidPattern } from './patterns.ts'
import type { ReportInvalid } from './problems.ts'
import { invalidStrategy } from './rule.ts'
import { DEFAULT_PATTERN, type RuleBook } from './ruleBook.ts'
import type { StrategyConfig } from './types.ts'

const ALWAYS: StrategyConfig = Object.freeze({ strategy: 'always' })

/** The default rule: the `default` option when usable, else keep every event (reported when given). */
export function validDefault(config: StrategyConfig | undefined, invalid: ReportInvalid): StrategyConfig {
  if (config === undefined) return ALWAYS
  const why = invalidStrategy(config)
  if (why === undefined) return config
  invalid(`default rule: ${why}; keeping every event`, { pattern: DEFAULT_PATTERN })
  return ALWAYS
}

/**
 * Set the rule for a name or `prefix.*` pattern when both are usable; otherwise report why and
 * leave the book as it was (the default rule applies). Returns whether the rule was set.
 */
export function configureRule(
  book: Pick<RuleBook, 'configure'>,
  pattern: string,
  config: StrategyConfig,
  invalid: ReportInvalid,
): boolean {
  if (!isValidPattern(pattern)) {
    invalid(`pattern ${JSON.stringify(pattern)} matches no event name (use a name or 'prefix.*')`, {
      pattern,
    })
    return false
  }
  const why = invalidStrategy(config)
  if (why !== undefined) {
    invalid(`rule for ${pattern}: ${why}; the default rule applies`, { pattern })
    return false
  }
  book.configure(pattern, config)
  return true
}
