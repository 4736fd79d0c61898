/**
 * The sampling decision for a new trace, vs OpenTelemetry's TraceIdRatioBasedSampler. Pending until
 * `packages/sampler` exports a sampler: our side then reports why instead of a figure. The peer is
 * measured regardless, so the comparison point is known.
 */
import { ROOT_CONTEXT } from '@opentelemetry/api'
import { TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace'
import type { CaseSpec, Prepared } from '../caseSpec.ts'
import { createRandom, ROTATION, ROTATION_MASK } from '../fixtures.ts'
import { guard, NotYetAvailable } from '../ours.ts'

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
export const samplerDecision: CaseSpec = {
  id: 'sampler.decision',
  unit: 'ns',
  goal: { kind: 'ratio', max: 0.5 },
  peer: '@opentelemetry/sdk-trace TraceIdRatioBasedSampler.shouldSample',
  description: 'a ratio (0.25) sampling decision for a new root span, 64 trace ids rotated',
  ours: () =>
    guard(async () => {
      let exports: string[] = []
      try {
        // A computed specifier: the file does not exist until the sampler lands.
        const specifier = new URL('../../packages/sampler/src/index.ts', import.meta.url).href
        exports = Object.keys((await import(specifier)) as object)
      } catch {
        // No source yet: the package is only a manifest.
      }
      throw new NotYetAvailable(
        exports.length === 0
          ? 'pending: packages/sampler exports nothing yet'
          : `pending: packages/sampler exports ${exports.join(', ')}; the bench case is not wired to it yet`,
      )
    }),
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
