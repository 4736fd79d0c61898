import { describe, expect, it } from 'vitest'
import { ExpectationProgress } from './expectationProgress.ts'

const steps = [{ event: 'pool.checkout' }, { event: 'pool.checkin', match: { metadata: { pool: 'db' } } }]

describe('ExpectationProgress', () => {
  it('in sequence mode, counts an event only when it matches the next expectation', () => {
    const progress = new ExpectationProgress(steps, 'sequence')
    expect(progress.record('pool.checkin', {}, { pool: 'db' })).toBe(false)
    expect(progress.record('pool.checkout', {}, {})).toBe(true)
    expect(progress.complete).toBe(false)
    expect(progress.record('pool.checkin', {}, { pool: 'cache' })).toBe(false)
    expect(progress.record('pool.checkin', { ms: 2 }, { pool: 'db' })).toBe(true)
    expect(progress.complete).toBe(true)
    expect(progress.matched).toEqual([
      { event: 'pool.checkout', measurements: {}, metadata: {}, index: 0 },
      { event: 'pool.checkin', measurements: { ms: 2 }, metadata: { pool: 'db' }, index: 1 },
    ])
  })

  it('in any mode, completes with the first event matching any expectation, and its index', () => {
    const progress = new ExpectationProgress(steps, 'any')
    expect(progress.record('agent.registered', {}, {})).toBe(false)
    expect(progress.record('pool.checkin', {}, { pool: 'db' })).toBe(true)
    expect(progress.complete).toBe(true)
    expect(progress.matched.map((e) => e.index)).toEqual([1])
  })

  it('is complete from the start when nothing is expected', () => {
    expect(new ExpectationProgress([], 'sequence').complete).toBe(true)
  })

  it('describes a stalled sequence step by step and flags a closest event that came too early', () => {
    const progress = new ExpectationProgress(steps, 'sequence')
    progress.record('pool.checkin', {}, { pool: 'db' })
    progress.record('pool.checkout', {}, {})
    const message = progress.describeTimeout('assertTelemetrySequence', 50)
    expect(message).toContain(
      'assertTelemetrySequence: expected 2 telemetry events in order; 1 matched within 50 ms:\n' +
        '  1. pool.checkout matching any measurements and metadata: matched (#2)\n' +
        '  2. pool.checkin matching metadata { pool: "db" }: WAITING',
    )
    expect(message).toContain('Closest: #1 pool.checkin')
    expect(message).toContain('(it came before step 1 matched: out of order?)')
  })

  it('describes an any-mode timeout with the closest candidate of the best expectation', () => {
    const progress = new ExpectationProgress(steps, 'any')
    progress.record('pool.checkin', {}, { pool: 'cache' })
    const message = progress.describeTimeout('waitForTelemetryEvent', 50)
    expect(message).toMatch(
      /^waitForTelemetryEvent: none of these telemetry events was emitted within 50 ms:\n/,
    )
    expect(message).toContain('  2. pool.checkin matching metadata { pool: "db" }')
    expect(message).toContain('For 2: Closest: #1 pool.checkin')
  })

  it('once complete, blames the action for the timeout', () => {
    const progress = new ExpectationProgress([{ event: 'pool.checkout' }], 'sequence')
    progress.record('pool.checkout', {}, {})
    expect(progress.describeTimeout('assertTelemetryEvent', 50)).toBe(
      'assertTelemetryEvent: the expected telemetry was emitted, but the action had not settled after 50 ms.',
    )
  })
})
