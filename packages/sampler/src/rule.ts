import type { Clock, Measurements, Metadata } from '@foundation-telemetry/core'
import { nextProbability } from './adaptive.ts'
import { createUniformReservoir, createWeightedReservoir, type Reservoir } from './reservoir.ts'
import { createTokenBucket, type TokenBucket } from './tokenBucket.ts'
import type { ReservoirItem, StrategyConfig, StrategyName } from './types.ts'

const STRATEGIES: ReadonlySet<string> = new Set([
  'always',
  'never',
  'random',
  'rate_limited',
  'adaptive',
  'reservoir',
])

/** Why `config` is not a usable rule, or undefined when it is. */
export function invalidStrategy(config: unknown): string | undefined {
  if (typeof config !== 'object' || config === null) return 'a rule must be an object with a strategy'
  const c = config as Record<string, unknown>
  if (typeof c.strategy !== 'string' || !STRATEGIES.has(c.strategy))
    return `unknown strategy ${JSON.stringify(c.strategy)} (always, never, random, rate_limited, adaptive, reservoir)`
  const positive = (key: string, required: boolean) => {
    const v = c[key]
    if (v === undefined && !required) return undefined
    return typeof v === 'number' && v > 0 && Number.isFinite(v)
      ? undefined
      : `${key} must be a positive number`
  }
  switch (c.strategy) {
    case 'random':
      return typeof c.rate === 'number' && c.rate >= 0 && c.rate <= 1
        ? undefined
        : 'rate must be a number in 0..1'
    case 'rate_limited':
      return positive('perSecond', true) ?? positive('burst', false)
    case 'adaptive': {
      const bad =
        positive('targetPerSecond', true) ??
        positive('interval', false) ??
        positive('tolerance', false) ??
        positive('minProbability', false)
      if (bad !== undefined) return bad
      const initial = c.initialProbability
      if (initial !== undefined && !(typeof initial === 'number' && initial > 0 && initial <= 1))
        return 'initialProbability must be a number in (0, 1]'
      const lower = c.lowerBoundPerSecond
      if (lower !== undefined && !(typeof lower === 'number' && lower >= 0 && Number.isFinite(lower)))
        return 'lowerBoundPerSecond must be a number >= 0'
      return undefined
    }
    case 'reservoir': {
      const bad = positive('size', true) ?? positive('interval', false)
      if (bad !== undefined) return bad
      if (c.weight !== undefined && typeof c.weight !== 'string' && typeof c.weight !== 'function')
        return 'weight must be a measurement key or a function'
      return undefined
    }
    default:
      return undefined
  }
}

/** A reservoir entry before its adjusted count is known. */
type Held = Omit<ReservoirItem, 'adjustedCount'>

/**
 * One compiled rule: its strategy's state (probability, buckets, reservoir) and the counts of
 * its current interval. Names matching the rule share it.
 */
export class Rule {
  readonly pattern: string
  readonly config: StrategyConfig
  readonly kind: StrategyName
  /** The probability before adjustments: fixed for random, moving for adaptive. */
  base: number
  readonly bucket: TokenBucket | undefined
  readonly lowerBound: TokenBucket | undefined
  readonly reservoir: Reservoir<Held> | undefined
  readonly interval: number
  private readonly weight: ((m: Measurements, md: Metadata) => number) | undefined

  constructor(pattern: string, config: StrategyConfig, clock: Clock, random: () => number) {
    this.pattern = pattern
    this.config = config
    this.kind = config.strategy
    this.probabilistic = this.kind === 'random' || this.kind === 'adaptive' || this.kind === 'reservoir'
    const now = () => clock.monotonic()
    this.interval = 'interval' in config && config.interval !== undefined ? config.interval : 1000
    switch (config.strategy) {
      case 'always':
        this.base = 1
        break
      case 'never':
        this.base = 0
        break
      case 'random':
        this.base = config.rate
        break
      case 'rate_limited':
        this.base = 1
        this.bucket = createTokenBucket(config.perSecond, config.burst ?? Math.max(1, config.perSecond), now)
        break
      case 'adaptive': {
        this.base = config.initialProbability ?? 1
        const lower = config.lowerBoundPerSecond ?? 1 / 60
        if (lower > 0) this.lowerBound = createTokenBucket(lower, 1, now)
        break
      }
      case 'reservoir': {
        this.base = 1
        const w = config.weight
        this.weight = typeof w === 'string' ? (m) => m[w] as number : w
        this.reservoir =
          w === undefined
            ? createUniformReservoir(config.size, random)
            : createWeightedReservoir(config.size, random)
        break
      }
    }
  }

  /** Whether this rule's strategy is a probability the adjustments and thresholds apply to. */
  readonly probabilistic: boolean

  /** Whether the rule needs a timer (its interval matters). */
  get periodic(): boolean {
    return this.kind === 'adaptive' || this.kind === 'reservoir'
  }

  /** Offer an event to the reservoir. */
  hold(event: string, measurements: Measurements, metadata: Metadata): void {
    const weight = this.weight === undefined ? 1 : this.weight(measurements, metadata)
    this.reservoir?.offer({ event, measurements, metadata }, weight)
  }

  /**
   * End the interval in which `seen` names matching the rule were decided: recompute the adaptive probability, or drain the reservoir (its base then
   * estimates the share it keeps, for trace decisions). Returns the reservoir's sample.
   */
  endInterval(seen: number): ReservoirItem[] {
    const seenPerSecond = (seen * 1000) / this.interval
    const config = this.config
    if (config.strategy === 'adaptive') {
      this.base = nextProbability(this.base, seenPerSecond, {
        target: config.targetPerSecond,
        tolerance: config.tolerance ?? 0.3,
        minProbability: config.minProbability ?? 1e-5,
      })
      return []
    }
    if (config.strategy !== 'reservoir' || this.reservoir === undefined) return []
    const offered = this.reservoir.seen
    const drained = this.reservoir.drain()
    const total = Math.max(offered, (seenPerSecond * this.interval) / 1000)
    this.base = total > 0 ? Math.min(1, config.size / total) : 1
    return drained.map(({ item, adjustedCount }) => ({ ...item, adjustedCount }))
  }
}
