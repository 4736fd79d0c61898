import { describe, expect, it } from 'vitest'
import { finite, runOutcome, usageMeasurements, usageMetadata } from './axMapping.ts'

describe('Ax reports as taxonomy fields', () => {
  it('names token counts as the usage measurements, leaving absent ones out', () => {
    expect(usageMeasurements({ promptTokens: 10, completionTokens: 5, totalTokens: 15 })).toEqual({
      input_tokens: 10,
      output_tokens: 5,
      total_tokens: 15,
    })
    expect(usageMeasurements({ thoughtsTokens: 7, cacheReadTokens: 3, cacheCreationTokens: 2 })).toEqual({
      reasoning_tokens: 7,
      cache_read_input_tokens: 3,
      cache_write_input_tokens: 2,
    })
  })

  it('maps the operation and adds the active trace ids to the usage metadata', () => {
    const active = { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: 1 }
    expect(usageMetadata({ ai: 'openai', operation: 'embed' }, 'm', { program_id: 'p' }, active)).toEqual({
      program_id: 'p',
      model: 'm',
      provider: 'openai',
      operation: 'embeddings',
      trace_id: active.traceId,
      span_id: active.spanId,
    })
    expect(usageMetadata(undefined, undefined, {}, undefined)).toEqual({
      model: undefined,
      provider: undefined,
      operation: 'chat',
    })
  })

  it("takes a run's scores from its result, else from the rounds the hooks saw", () => {
    const seen = { rounds: 3, firstScore: 0.4, bestScore: 0.7, earlyStop: undefined }
    expect(
      runOutcome({ bestScore: 0.9, stats: { convergenceInfo: { converged: true } } }, seen, 0.2),
    ).toEqual({
      measurements: { iterations: 3, initial_score: 0.2, final_score: 0.9 },
      metadata: { converged: true },
    })
    expect(runOutcome(undefined, { ...seen, earlyStop: 'plateau' }, undefined)).toEqual({
      measurements: { iterations: 3, initial_score: 0.4, final_score: 0.7 },
      metadata: { converged: false, early_stop_reason: 'plateau' },
    })
    expect(finite(Number.NaN)).toBeUndefined()
  })
})
