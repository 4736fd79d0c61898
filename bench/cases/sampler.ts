/**
 * The sampling decision for a new trace, vs OpenTelemetry's TraceIdRatioBasedSampler: ours is
 * `sampler.traces.shouldSample`, the span sampler core calls for each root span (a random rule at
 * 0.25 with the default adjustments), on the input object core builds for it; theirs is the
 * SDK's `shouldSample(context, traceId)`. Both rotate through the same 64 trace ids.
 */
import { ROOT_CONTEXT } from '@opentelemetry/api'
import { TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace'
import type { CaseDefinition, Prepared } from '../caseSpec.ts'
import { createRandom, ROTATION, ROTATION_MASK } from '../fixtures.ts'
import { importFunction } from '../ours.ts'

const RATIO = 0.25

function traceIds(): string[] {
  const next = createRandom(5)
  const hex = () =>
    Math.floor(next() * 2 ** 32)
      .toString(16)
      .padStart(8, '0')
  return Array.from({ length: ROTATION }, () => hex() + hex() + hex() + hex())
}

/** `sampler.decision`. */
export const samplerDecision: CaseDefinition = {
  unit: 'ns',
  goal: { kind: 'ratio', max: 0.1 },
  peer: '@opentelemetry/sdk-trace TraceIdRatioBasedSampler.shouldSample',
  description: 'a ratio (0.25) sampling decision for a new root span, 64 trace ids rotated',
  ours: async () => {
    type CreateSampler = typeof import('@foundation-telemetry/sampler').createSampler
    const createSampler = await importFunction<CreateSampler>(
      '@foundation-telemetry/sampler',
      'createSampler',
    )
    const sampler = createSampler({ default: { strategy: 'random', rate: RATIO } })
    const traces = sampler.traces
    // One input object per trace id, as core builds one per root span.
    const inputs = traceIds().map((traceId) => ({
      traceId,
      name: 'bench.root',
      kind: 0 as const,
      attributes: {},
      parent: undefined,
    }))
    let n = 0
    return {
      kind: 'ns',
      run: () => traces.shouldSample(inputs[++n & ROTATION_MASK]!),
      verify: () => {
        sampler.close()
        const kept = inputs.map((input) => traces.shouldSample(input)).filter((d) => d.sampled)
        if (kept.some((d) => d.traceState !== 'ot=th:c')) return 'a kept trace lacks ot=th:c'
        return kept.length > 0 && kept.length < inputs.length
          ? undefined
          : `sampled ${kept.length} of ${inputs.length} trace ids: the ratio did not apply`
      },
    }
  },
  peerSide: async (): Promise<Prepared> => {
    const sampler = new TraceIdRatioBasedSampler(RATIO)
    const ids = traceIds()
    let n = 0
    return {
      kind: 'ns',
      run: () => sampler.shouldSample(ROOT_CONTEXT, ids[++n & ROTATION_MASK]!),
      verify: () => {
        const sampled = ids.filter((id) => sampler.shouldSample(ROOT_CONTEXT, id).decision !== 0).length
        return sampled > 0 && sampled < ids.length
          ? undefined
          : `sampled ${sampled} of ${ids.length} trace ids: the ratio did not apply`
      },
    }
  },
}
