import { adjustRate, isCritical, type ResolvedAdjustments } from './adjustments.ts'
import type { Rule } from './rule.ts'
import { padThreshold, probabilityToThreshold, thresholdProbability } from './threshold.ts'

/** A trace decision as core's span sampler returns it; shared, frozen objects. */
export interface TraceResult {
  readonly sampled: boolean
  readonly traceState?: string
}

export const DROP: TraceResult = Object.freeze({ sampled: false })
/** Kept without a known probability (rate limits, lower bounds): no `th`, per the specification. */
export const KEEP_UNWEIGHTED: TraceResult = Object.freeze({ sampled: true })

/** One probability, ready for decisions: its threshold and its shared trace result. */
export interface Level {
  /** The probability asked for. */
  readonly p: number
  /** The probability the threshold stands for (what a kept item's adjusted count is based on). */
  readonly actual: number
  /** The padded threshold, or undefined when p is 0 (nothing passes). */
  readonly th14: string | undefined
  /**
   * The character code of the threshold's first digit ({@link NO_DIGIT} when nothing passes): a randomness
   * whose first digit differs is decided by that digit alone, so decisions read one character
   * and compare the rest only on a tie.
   */
  readonly th0: number
  readonly keep: TraceResult
}

/** Above every `charCodeAt(i) | 32`: no randomness reaches the threshold of a zero probability. */
const NO_DIGIT = 0x10000

const NOTHING: Level = Object.freeze({ p: 0, actual: 0, th14: undefined, th0: NO_DIGIT, keep: DROP })

/** Build a level; levels are cached per probability, so rules sharing a rate share objects. */
export function levelFor(p: number, precision: number): Level {
  const th = probabilityToThreshold(p, precision)
  if (th === undefined) return NOTHING
  return Object.freeze({
    p,
    actual: thresholdProbability(th),
    th14: padThreshold(th),
    th0: th.charCodeAt(0),
    keep: Object.freeze({ sampled: true, traceState: `ot=th:${th}` }),
  })
}

/**
 * The sampler's state for one name: the rule it matched, its counts, and its current
 * probabilities (plain and error-boosted) after the name- and load-dependent adjustments.
 */
export class NameState {
  readonly name: string
  rule: Rule
  seen = 0
  sampled = 0
  dropped = 0
  /** Offered to a reservoir whose interval has not ended: neither sampled nor dropped yet. */
  held = 0
  /** `seen` when its rule's interval last ended: decisions count once, intervals read the difference. */
  seenMark = 0
  level: Level = NOTHING
  errorLevel: Level = NOTHING

  constructor(name: string, rule: Rule) {
    this.name = name
    this.rule = rule
  }

  /** Recompute the levels from the rule's base, the load factor and the adjustments. */
  refresh(load: number, adjustments: ResolvedAdjustments, precision: number): void {
    const rule = this.rule
    if (!rule.probabilistic) {
      this.level = this.errorLevel = levelFor(rule.base, precision)
      return
    }
    const critical = isCritical(this.name, adjustments.criticalPatterns)
    const p = adjustRate(rule.base, false, load, critical, adjustments)
    const pError = adjustRate(rule.base, true, load, critical, adjustments)
    if (p !== this.level.p) this.level = levelFor(p, precision)
    if (pError !== this.errorLevel.p)
      this.errorLevel = pError === p ? this.level : levelFor(pError, precision)
  }
}
