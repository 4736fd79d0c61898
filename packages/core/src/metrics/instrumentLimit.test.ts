/** The instrument limit reports once per episode, as the cardinality limit does, and stays cheap. */
import { describe, expect, it } from 'vitest'
import { MAX_INSTRUMENTS, UNDECLARED_METRIC_EVENT } from './createMetrics.ts'
import { testEngine } from './testDeps.ts'

describe('instrument limit', () => {
  it('reports one drop per episode however many new names arrive, re-armed by a collection', () => {
    const { metrics, errors, events } = testEngine()
    for (let i = 0; i < MAX_INSTRUMENTS * 3; i++) metrics.record(`m.${i}`, 1)
    const limitReports = () => errors.filter((e) => e.details.reason === 'instrument_limit').length
    expect(limitReports()).toBe(1)
    expect(metrics.stats().instruments).toBe(MAX_INSTRUMENTS)
    // One undeclared note per registered name, none for names that were dropped.
    expect(events.filter((e) => e.event === UNDECLARED_METRIC_EVENT)).toHaveLength(MAX_INSTRUMENTS)
    metrics.counter('explicit.over.limit').add(1)
    expect(limitReports()).toBe(1)
    metrics.collect()
    metrics.record('after.collect', 1)
    metrics.counter('again.over.limit').add(1)
    expect(limitReports()).toBe(2)
  })
})
