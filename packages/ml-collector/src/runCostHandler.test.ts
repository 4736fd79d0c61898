import { describe, expect, it } from 'vitest'
import { createRunCostHandler, llmUsage, runStart } from './runCostHandler.ts'
import type { LlmUsage, UsageReader } from './tokenUsage.ts'
import { createTraceCostTracker } from './traceCost.ts'

/** A usage reader that prices each event at its `cost` measurement. */
const usage: UsageReader = {
  read: (m) => ({ cost: m.cost }) as unknown as LlmUsage,
}

describe('createRunCostHandler', () => {
  it('adds the cost of LLM usage in a trace to the run opened in it', () => {
    const runs = createTraceCostTracker()
    const handle = createRunCostHandler(usage, runs)
    handle(runStart, {}, { trace_id: 't1', span_id: 'run1' })
    handle(llmUsage, { cost: 0.25 }, { trace_id: 't1' })
    handle(llmUsage, { cost: 0.5 }, { trace_id: 't1' })
    handle(llmUsage, { cost: 9 }, { trace_id: 'other' })
    expect(runs.settle('t1', 'run1')).toBe(0.75)
  })

  it('ignores events without a trace id and usage without a cost', () => {
    const runs = createTraceCostTracker()
    const handle = createRunCostHandler(usage, runs)
    handle(runStart, {}, { span_id: 'run1' })
    expect(runs.size()).toBe(0)
    handle(runStart, {}, { trace_id: 't1', span_id: 'run1' })
    handle(llmUsage, {}, { trace_id: 't1' })
    handle(llmUsage, { cost: 1 }, {})
    expect(runs.settle('t1', 'run1')).toBe(0)
  })
})
