import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { validateEmfLine } from '../../test/emfValidator.ts'
import { emfLines } from './emfFormat.ts'

describe('EMF lines', () => {
  it('stay valid and keep every metric for any count of metrics and dimensions', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 350 }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 1, max: 100 }),
        (metricCount, dimensionCount, values) => {
          const dimensions = Object.fromEntries(
            Array.from({ length: dimensionCount }, (_, i) => [`d${i}`, `v${i}`]),
          )
          const metrics = Array.from({ length: metricCount }, (_, i) => ({
            name: `m${i}`,
            unit: 'Count' as const,
            values: values === 1 ? i : Array.from({ length: values }, () => i),
          }))
          const { lines, oversized } = emfLines({ namespace: 'ns', timestamp: 1, dimensions, metrics })
          expect(oversized).toBe(0)
          for (const line of lines) expect(validateEmfLine(line)).toEqual([])
          const names = lines.flatMap((line) =>
            JSON.parse(line)._aws.CloudWatchMetrics[0].Metrics.map((m: { Name: string }) => m.Name),
          )
          expect(names).toEqual(metrics.map((m) => m.name))
          expect(lines).toHaveLength(Math.ceil(metricCount / 100))
        },
      ),
      { numRuns: 60 },
    )
  })

  it('splits an event above 1 MB and drops a single metric that cannot fit', () => {
    const big = 'x'.repeat(400_000)
    const metrics = [1, 2, 3].map((i) => ({ name: `m${i}`, unit: 'None' as const, values: i }))
    const { lines } = emfLines({ namespace: 'ns', timestamp: 1, dimensions: { a: big, b: big }, metrics })
    expect(lines).toHaveLength(1)
    const huge = emfLines({ namespace: 'ns', timestamp: 1, dimensions: { a: big, b: big, c: big }, metrics })
    expect(huge.lines).toHaveLength(0)
    expect(huge.oversized).toBe(3)
  })
})
