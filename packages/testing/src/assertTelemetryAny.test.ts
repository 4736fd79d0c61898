import { describe, expect, it } from 'vitest'
import { expectNoHandlers, rejectionOf, setup } from '../test/support.ts'
import { assertTelemetryAny } from './assertTelemetryAny.ts'

const steps = [
  ['foundation_jido.coordination.session.complete', { metadata: { session_id: 's1' } }],
  ['foundation_jido.coordination.session.exception', { metadata: { session_id: 's1' } }],
] as const
const span = { duration: 5, monotonic_time: 100 }

describe('assertTelemetryAny', () => {
  it('resolves with the first event matching any step and the index of that step', async () => {
    const { t } = setup()
    const result = await assertTelemetryAny(t, steps, () => {
      t.execute('foundation_jido.coordination.session.complete', span, { session_id: 's0' })
      t.execute('foundation_jido.coordination.session.exception', span, {
        session_id: 's1',
        kind: 'timeout',
        reason: 'slow',
      })
      t.execute('foundation_jido.coordination.session.complete', span, { session_id: 's1' })
    })
    expect(result).toEqual({
      event: 'foundation_jido.coordination.session.exception',
      measurements: span,
      metadata: { session_id: 's1', kind: 'timeout', reason: 'slow' },
      index: 1,
    })
    expectNoHandlers(t)
  })

  it('times out listing every alternative with its closest event', async () => {
    const { t, clock } = setup()
    const pending = assertTelemetryAny(t, steps, () => {
      t.execute('foundation_jido.coordination.session.complete', span, { session_id: 's0' })
    })
    clock.advance(1000)
    const error = await rejectionOf(pending)
    expect(error.message).toContain(
      'assertTelemetryAny: none of these telemetry events was emitted within 1000 ms:',
    )
    expect(error.message).toContain(
      '1. foundation_jido.coordination.session.complete matching metadata { session_id: "s1" }',
    )
    expect(error.message).toContain('2. foundation_jido.coordination.session.exception matching')
    expect(error.message).toMatch(
      /For 1: Closest: #1 .*\n\s+metadata\.session_id\s+expected "s1", received "s0"/,
    )
    expectNoHandlers(t)
  })

  it('rejects with the action error', async () => {
    const { t } = setup()
    const boom = new Error('boom')
    await expect(assertTelemetryAny(t, steps, () => Promise.reject(boom))).rejects.toBe(boom)
    expectNoHandlers(t)
  })
})
