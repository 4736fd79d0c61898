import { describe, expect, it } from 'vitest'
import { expectNoHandlers, rejectionOf, setup } from '../test/support.ts'
import { assertTelemetrySequence } from './assertTelemetrySequence.ts'

describe('assertTelemetrySequence', () => {
  it('matches steps in order with other events in between, resolving with one event per step', async () => {
    const { t } = setup()
    const events = await assertTelemetrySequence(
      t,
      [
        ['my_app.retry.exhausted', { measurements: { total_attempts: 3 } }],
        'my_app.breaker.call_failure',
        ['foundation.circuit_breaker.state_change', { metadata: { to: 'open' } }],
      ],
      async () => {
        t.execute('my_app.retry.attempt_failure', { attempt: 1 }, {})
        t.execute('my_app.retry.exhausted', { total_attempts: 3 }, {})
        await Promise.resolve()
        t.execute('my_app.breaker.call_failure', {}, {})
        t.execute(
          'foundation.circuit_breaker.state_change',
          {},
          { name: 'p', from: 'closed', to: 'half_open' },
        )
        t.execute('foundation.circuit_breaker.state_change', {}, { name: 'p', from: 'half_open', to: 'open' })
      },
    )
    expect(events.map((e) => e.event)).toEqual([
      'my_app.retry.exhausted',
      'my_app.breaker.call_failure',
      'foundation.circuit_breaker.state_change',
    ])
    expect(events[2]?.metadata).toEqual({ name: 'p', from: 'half_open', to: 'open' })
    expectNoHandlers(t)
  })

  it('times out when the order is wrong, showing progress and flagging the out-of-order event', async () => {
    const { t, clock } = setup()
    const pending = assertTelemetrySequence(t, ['a.first', ['a.second', { metadata: { n: 2 } }]], () => {
      t.execute('a.second', {}, { n: 2 })
      t.execute('a.first', {}, {})
    })
    clock.advance(1000)
    const error = await rejectionOf(pending)
    expect(error.message).toContain(
      'assertTelemetrySequence: expected 2 telemetry events in order; 1 matched within 1000 ms:',
    )
    expect(error.message).toContain('1. a.first matching any measurements and metadata: matched (#2)')
    expect(error.message).toContain('2. a.second matching metadata { n: 2 }: WAITING')
    expect(error.message).toContain('Closest: #1 a.second')
    expect(error.message).toContain('(it came before step 1 matched: out of order?)')
    expectNoHandlers(t)
  })

  it('rejects with the action error and on an empty or malformed list', async () => {
    const { t } = setup()
    const boom = new Error('boom')
    await expect(
      assertTelemetrySequence(t, ['a.b'], () => {
        throw boom
      }),
    ).rejects.toBe(boom)
    await expect(assertTelemetrySequence(t, [], () => {})).rejects.toThrow(/non-empty list/)
    // @ts-expect-error a step needs a name
    await expect(assertTelemetrySequence(t, [[undefined]], () => {})).rejects.toThrow(/non-empty name/)
    expectNoHandlers(t)
  })
})
