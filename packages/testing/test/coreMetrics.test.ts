import { createTelemetry } from '@foundation-telemetry/core'
import { createFakeClock, waitForMetric, waitForMetricThreshold } from '@foundation-telemetry/testing'
import { describe, expect, it } from 'vitest'
import { expectNoHandlers, rejectionOf } from './support.ts'

// The metric waits against core's real metrics engine (the unit tests use a stand-in).
describe('metric waits on core metrics', () => {
  function setup() {
    const clock = createFakeClock()
    const t = createTelemetry({ clock, enrich: false })
    return { t, clock }
  }

  it('sees a counter a collector updates from events', async () => {
    const { t } = setup()
    const attempts = t.metrics.counter('foundation.retry.attempts')
    t.attach('collector', 'foundation.retry.attempt.exception', (_event, _m, metadata) => {
      attempts.add(1, { operation: String(metadata.operation), outcome: 'failure' })
    })
    const third = waitForMetric(t, 'foundation.retry.attempts', { operation: 'charge' }, (n) => n >= 3)
    for (let attempt = 1; attempt <= 3; attempt++) {
      t.execute(
        'foundation.retry.attempt.exception',
        { duration: 1, monotonic_time: attempt },
        { operation: 'charge', attempt, kind: 'Error', reason: 'declined' },
      )
    }
    await expect(third).resolves.toBe(3)
    t.detach('collector')
    expectNoHandlers(t)
  })

  it('polls on the fake clock for an instrument updated directly, and reads histograms', async () => {
    const { t, clock } = setup()
    const latency = t.metrics.histogram('dspex.program.execution_duration')
    const enough = waitForMetricThreshold(t, 'dspex.program.execution_duration', {}, 2, '>=')
    latency.record(12)
    latency.record(30)
    clock.advance(10)
    await expect(enough).resolves.toBe(2)
    await expect(
      waitForMetric(t, 'dspex.program.execution_duration', {}, (sum) => sum === 42, { stat: 'sum' }),
    ).resolves.toBe(42)
    expectNoHandlers(t)
  })

  it('times out with the last value read', async () => {
    const { t, clock } = setup()
    t.metrics.gauge('foundation.connections.active').set(4, { pool_id: 'db' })
    const drained = waitForMetricThreshold(t, 'foundation.connections.active', { pool_id: 'db' }, 0, '==')
    clock.advance(1000)
    const error = await rejectionOf(drained)
    expect(error.message).toContain('did not satisfy predicate value == 0 within 1000 ms')
    expect(error.message).toContain('last value 4 (1 series, gauge, value)')
    expectNoHandlers(t)
  })
})
