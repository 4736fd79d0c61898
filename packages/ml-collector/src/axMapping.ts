/**
 * How Ax's reports map onto the taxonomy: a usage event's token counts as `dspex.llm.usage`
 * measurements and its model and operation as metadata, and an optimization run's options and
 * result as the `dspex.optimization.run` metadata and stop measurements.
 */
import type { Metadata, SpanContext } from '@foundation-telemetry/core'

// The parts of Ax's types this module reads; Ax's own types are wider.
export interface AxUsageEventLike {
  operation?: string
  ai?: string
  model?: string
  tokens?: {
    promptTokens?: number
    completionTokens?: number
    totalTokens?: number
    reasoningTokens?: number
    thoughtsTokens?: number
    cacheReadTokens?: number
    cacheCreationTokens?: number
  }
}
export interface AxStatsLike {
  convergenceInfo?: { converged?: boolean }
  earlyStopped?: boolean
}

/** A usage event's token counts under the taxonomy's measurement names (absent ones left out). */
export function usageMeasurements(tokens: NonNullable<AxUsageEventLike['tokens']>): Record<string, number> {
  const m: Record<string, number> = {}
  const put = (key: string, value: unknown) => {
    if (value !== undefined && value !== null) m[key] = value as number
  }
  put('input_tokens', tokens.promptTokens)
  put('output_tokens', tokens.completionTokens)
  put('total_tokens', tokens.totalTokens)
  put('cache_read_input_tokens', tokens.cacheReadTokens)
  put('cache_write_input_tokens', tokens.cacheCreationTokens)
  put('reasoning_tokens', tokens.reasoningTokens ?? tokens.thoughtsTokens)
  return m
}

/** A usage event's metadata: `extra`, the model, provider and operation, and the active trace ids. */
export function usageMetadata(
  event: Readonly<AxUsageEventLike> | undefined,
  model: string | undefined,
  extra: Metadata,
  active: SpanContext | undefined,
): Metadata {
  return {
    ...extra,
    model,
    provider: event?.ai,
    operation: event?.operation === 'embed' ? 'embeddings' : 'chat',
    ...(active ? { trace_id: active.traceId, span_id: active.spanId } : {}),
  }
}

/** What an optimization run's stop event says, from its result and what the hooks saw. */
export function runOutcome(
  result: unknown,
  seen: {
    rounds: number
    firstScore: number | undefined
    bestScore: number | undefined
    earlyStop: string | undefined
  },
  initialScore: unknown,
): { measurements: Record<string, number>; metadata: Metadata } {
  const r = result as { bestScore?: unknown; stats?: AxStatsLike } | undefined
  const finalScore = finite(r?.bestScore) ?? seen.bestScore
  const initial = finite(initialScore) ?? seen.firstScore
  const measurements: Record<string, number> = { iterations: seen.rounds }
  if (initial !== undefined) measurements.initial_score = initial
  if (finalScore !== undefined) measurements.final_score = finalScore
  return {
    measurements,
    metadata: {
      converged: r?.stats?.convergenceInfo?.converged === true,
      ...(seen.earlyStop === undefined ? {} : { early_stop_reason: seen.earlyStop }),
    },
  }
}

/** `value` when it is a finite number. */
export function finite(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined
}
