/**
 * An extra case with no published goal: one value into our quantile sketch (the one every histogram
 * series keeps by default) vs DDSketch's `accept`, both at 1% relative accuracy. Our sketch is not
 * public API, so this reaches into core's source; it explains part of `histogram.record.tags`.
 */
import { DDSketch } from '@datadog/sketches-js'
import type { CaseDefinition, Prepared } from '../caseSpec.ts'
import { latenciesMs, ROTATION_MASK } from '../fixtures.ts'
import { importFunction } from '../ours.ts'

/** `sketch.add`. */
export const sketchAdd: CaseDefinition = {
  unit: 'ns',
  goal: { kind: 'none', max: 0 },
  peer: '@datadog/sketches-js DDSketch.accept',
  description: 'one value into a 1%-accuracy quantile sketch, 64 latencies rotated',
  ours: async () => {
    const Sketch = await importFunction<typeof import('@foundation-telemetry/core').Sketch>(
      '@foundation-telemetry/core',
      'Sketch',
    )
    const sketch = new Sketch({ relativeAccuracy: 0.01 })
    const values = latenciesMs()
    let n = 0
    return {
      kind: 'ns',
      run: () => sketch.add(values[++n & ROTATION_MASK]!),
      verify: () => (sketch.count === n ? undefined : `our sketch counted ${sketch.count} of ${n} values`),
    } satisfies Prepared
  },
  peerSide: async (): Promise<Prepared> => {
    const sketch = new DDSketch({ relativeAccuracy: 0.01 })
    const values = latenciesMs()
    let n = 0
    return {
      kind: 'ns',
      run: () => sketch.accept(values[++n & ROTATION_MASK]!),
      verify: () => (sketch.count === n ? undefined : `DDSketch counted ${sketch.count} of ${n} values`),
    }
  },
}
