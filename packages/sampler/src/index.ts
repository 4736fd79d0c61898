/**
 * `@foundation-telemetry/sampler`: which events and traces to keep. Per-event rules (always,
 * never, random, rate_limited, adaptive, reservoir), rate adjustments for errors, load and
 * critical paths, trace decisions consistent with OpenTelemetry's probability sampling, an
 * in-process tail sampler, and helpers for sampled emission.
 *
 * @example
 * ```ts
 * import { createTelemetry } from '@foundation-telemetry/core'
 * import { createSampler } from '@foundation-telemetry/sampler'
 *
 * const sampler = createSampler({ default: { strategy: 'random', rate: 0.1 } })
 * const t = createTelemetry({ sampler: sampler.traces })
 * ```
 */

// The sampler

export { createSampler } from './sampler.ts'
export type {
  AdaptiveStrategy,
  AlwaysStrategy,
  CriticalPathOptions,
  ErrorBoostOptions,
  LoadAdjustmentOptions,
  NeverStrategy,
  RandomStrategy,
  RateLimitedStrategy,
  ReservoirItem,
  ReservoirStrategy,
  Sampler,
  SamplerAdjustments,
  SamplerEventStats,
  SamplerOptions,
  StrategyConfig,
  StrategyName,
  TraceSampler,
} from './types.ts'

// Tail sampling

export type { AttributeRule, TailSampler, TailSamplerOptions, TailSamplerStats } from './tailSampler.ts'
export { createTailSampler } from './tailSampler.ts'

// Sampled emission helpers

export type { EventBatcher, EventBatcherOptions } from './eventBatcher.ts'
export { createEventBatcher } from './eventBatcher.ts'
export type { SampledEvents, SampledEventsOptions } from './sampledEvents.ts'
export { createSampledEvents } from './sampledEvents.ts'

// Building blocks

export type { AdaptiveControl } from './adaptive.ts'
export { nextProbability } from './adaptive.ts'
export { eventLoopLoad } from './adjustments.ts'
export type { OtelTraceState } from './otelTraceState.ts'
export { readOtelTraceState, writeOtelTraceState } from './otelTraceState.ts'
export type { Reservoir } from './reservoir.ts'
export { createUniformReservoir, createWeightedReservoir } from './reservoir.ts'
export {
  isRandomness,
  isThreshold,
  keepsAt,
  MIN_PROBABILITY,
  probabilityToThreshold,
  thresholdToAdjustedCount,
  thresholdToProbability,
} from './threshold.ts'
export type { TokenBucket } from './tokenBucket.ts'
export { createTokenBucket } from './tokenBucket.ts'
