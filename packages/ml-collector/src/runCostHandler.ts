/**
 * The handler that feeds optimization runs' LLM cost: a run opens in its trace at
 * `dspex.optimization.run.start`, and each `dspex.llm.usage` in that trace adds its cost.
 */
import type { Measurements, Metadata } from '@foundation-telemetry/core'
import type { UsageReader } from './tokenUsage.ts'
import type { TraceCostTracker } from './traceCost.ts'

/** The event that opens a run's cost. */
export const runStart = 'dspex.optimization.run.start'
/** The event whose cost is added to the run open in its trace. */
export const llmUsage = 'dspex.llm.usage'

/** The handler of {@link runStart} and {@link llmUsage}; events without a `trace_id` are ignored. */
export function createRunCostHandler(
  usage: UsageReader,
  runCosts: TraceCostTracker,
): (event: string, measurements: Measurements, metadata: Metadata) => void {
  return (event, m, md) => {
    if (typeof md.trace_id !== 'string') return
    if (event === runStart) runCosts.open(md.trace_id, String(md.span_id ?? ''))
    else {
      const cost = usage.read(m, md).cost
      if (cost !== undefined) runCosts.add(md.trace_id, cost)
    }
  }
}
