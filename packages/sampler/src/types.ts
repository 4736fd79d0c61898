import type {
  Clock,
  EventSampler,
  Measurements,
  Metadata,
  SpanSampler,
  Telemetry,
  TelemetryError,
} from '@foundation-telemetry/core'

/** Keep every event and trace; never adjusted, not even under load. */
export interface AlwaysStrategy {
  strategy: 'always'
}
/** Keep nothing. */
export interface NeverStrategy {
  strategy: 'never'
}
/** Keep a share `rate` (0..1), decided consistently by trace id where there is one. */
export interface RandomStrategy {
  strategy: 'random'
  rate: number
}
/** Keep at most `perSecond` per second: a token bucket holding up to `burst` tokens. */
export interface RateLimitedStrategy {
  strategy: 'rate_limited'
  perSecond: number
  /** Tokens the bucket holds, so short bursts pass. Defaults to `max(1, perSecond)`. */
  burst?: number
}
/**
 * Keep about `targetPerSecond` per second whatever the load: the probability is recomputed every
 * `interval` from the rate seen, in the manner of Jaeger's adaptive sampling.
 */
export interface AdaptiveStrategy {
  strategy: 'adaptive'
  targetPerSecond: number
  /** Recompute period in ms. Defaults to 1000. */
  interval?: number
  /** Relative distance from the target within which the probability is left alone. Defaults to 0.3. */
  tolerance?: number
  /** The probability never falls below this. Defaults to 1e-5. */
  minProbability?: number
  /** The probability to start from. Defaults to 1 (everything, until the first interval ends). */
  initialProbability?: number
  /**
   * A guaranteed floor in kept per second: a rate limiter keeps what the probability drops, up
   * to this rate, so rare events are seen at all. Defaults to 1/60 (one a minute). `0` turns it off.
   */
  lowerBoundPerSecond?: number
}
/**
 * Keep a uniform sample of `size` events per `interval` (Algorithm L), or a weighted one
 * (A-ExpJ) when `weight` names a measurement or computes one. The interval's sample is delivered
 * at its end to sampled handlers (and `onReservoir`), each with its adjusted count.
 */
export interface ReservoirStrategy {
  strategy: 'reservoir'
  size: number
  /** Interval in ms. Defaults to 1000. */
  interval?: number
  /** A measurement key, or a function of the event, giving a positive weight. */
  weight?: string | ((measurements: Measurements, metadata: Metadata) => number)
}

/** One sampling rule: a strategy and its settings. */
export type StrategyConfig =
  | AlwaysStrategy
  | NeverStrategy
  | RandomStrategy
  | RateLimitedStrategy
  | AdaptiveStrategy
  | ReservoirStrategy

/** The strategy names. */
export type StrategyName = StrategyConfig['strategy']

/** Error boost: events carrying any of `keys` in their metadata are sampled at `factor`× the rate. */
export interface ErrorBoostOptions {
  /** Defaults to 2. */
  factor?: number
  /** Defaults to `['error_context', 'retry_attempt']`. */
  keys?: readonly string[]
}
/** Load adjustment: the rate is multiplied by the factor of the highest level the load is above. */
export interface LoadAdjustmentOptions {
  /**
   * The load, 0..1, read once per adjustment interval. Defaults to the event loop utilisation
   * over that interval.
   */
  source?: () => number
  /** Defaults to `[{ above: 0.8, factor: 0.5 }, { above: 0.6, factor: 0.7 }]`. */
  levels?: ReadonlyArray<{ above: number; factor: number }>
  /** How often the load is read, ms. Defaults to 1000. */
  interval?: number
}
/** Critical-path boost: names containing any of `patterns` are sampled at `factor`× the rate. */
export interface CriticalPathOptions {
  /** Defaults to 1.5. */
  factor?: number
  /**
   * Defaults to `['dspex.coordination.multi_agent', 'foundation_jido.coordination',
   * 'foundation_os.request']`.
   */
  patterns?: readonly string[]
}
/**
 * Rate adjustments, applied in order (error boost, load, critical path) to probabilistic
 * strategies and clamped to [0, 1]. `always`, `never`, `rate_limited` and `reservoir` are not
 * adjusted. Each is on by default; `false` turns one off.
 */
export interface SamplerAdjustments {
  errorBoost?: ErrorBoostOptions | false
  load?: LoadAdjustmentOptions | false
  criticalPath?: CriticalPathOptions | false
  /** The same as `load`, by the name the adjustment has in the seed's sampler. */
  loadAdjustment?: LoadAdjustmentOptions | false
  /** The same as `criticalPath`, by the name the adjustment has in the seed's sampler. */
  criticalPathBoost?: CriticalPathOptions | false
}

/** One event the reservoir kept, delivered when its interval ends. */
export interface ReservoirItem {
  event: string
  measurements: Measurements
  metadata: Metadata
  /** The number of events this one stands for. */
  adjustedCount: number
}

/** Options of {@link createSampler}. */
export interface SamplerOptions {
  /** The rule for names no pattern matches. Defaults to `{ strategy: 'always' }`. */
  default?: StrategyConfig
  /**
   * Rules by exact name or `prefix.*` pattern; the longest match wins (an exact name beats any
   * pattern).
   */
  events?: Readonly<Record<string, StrategyConfig>>
  /** Rate adjustments. Defaults to all three on, with the values documented on each. */
  adjustments?: SamplerAdjustments
  /** Time for rate limits, intervals and timers. Defaults to the system clock. */
  clock?: Clock
  /** A uniform random source in [0, 1). Defaults to `Math.random`. */
  random?: () => number
  /**
   * A telemetry instance to report bad input to and record the sampler's metrics in. An
   * instance created with this sampler (`createTelemetry({ sampler: sampler.traces })`) is
   * connected without this.
   */
  telemetry?: Telemetry
  /** Called with each problem the sampler absorbs (bad rules, failing callbacks). */
  onError?: (error: TelemetryError) => void
  /** Called with each reservoir's sample when its interval ends. */
  onReservoir?: (items: readonly ReservoirItem[]) => void
  /** Distinct names tracked in `stats()`; later names are counted under their rule. Defaults to 1000. */
  maxTrackedNames?: number
  /** Threshold precision in hex digits for trace decisions. Defaults to 4. */
  precision?: number
}

/** Counts for one name (or rule). */
export interface SamplerEventStats {
  seen: number
  sampled: number
  dropped: number
  /** The current probability of keeping one, before per-event boosts. */
  rate: number
}

/** The sampler. */
export interface Sampler extends EventSampler {
  /** Whether to keep this event: the event-level decision. Never throws. */
  shouldSample(event: string, metadata?: Metadata): boolean
  /** Set or replace the rule for an exact name or `prefix.*` pattern at run time. */
  configureEvent(pattern: string, config: StrategyConfig): void
  /** Counts per name. */
  stats(): Record<string, SamplerEventStats>
  /** Trace decisions for core (`createTelemetry({ sampler: sampler.traces })`). */
  readonly traces: TraceSampler
  /** The current probability for a name (before per-event boosts). */
  rateFor(name: string): number
  /** Stop timers and deliver pending reservoir samples. Idempotent. */
  close(): void
}

/** Root-span decisions for core, consistent with OpenTelemetry's probability sampling. */
export interface TraceSampler extends SpanSampler {
  readonly events: Sampler
}
