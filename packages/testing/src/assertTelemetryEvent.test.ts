import { systemClock } from '@foundation-telemetry/core'
import { describe, expect, it } from 'vitest'
import { expectNoHandlers, rejectionOf, setup } from '../test/support.ts'
import { assertTelemetryEvent } from './assertTelemetryEvent.ts'
import { createFakeClock } from './fakeClock.ts'

const STATE_CHANGE = 'foundation.circuit_breaker.state_change'

describe('assertTelemetryEvent', () => {
  it('resolves with the first matching event emitted by a sync action', async () => {
    const { t } = setup()
    const result = await assertTelemetryEvent(t, STATE_CHANGE, { metadata: { to: 'open' } }, () => {
      t.execute(STATE_CHANGE, { failure_count: 2 }, { name: 'payments', from: 'closed', to: 'half_open' })
      t.execute(STATE_CHANGE, { failure_count: 3 }, { name: 'payments', from: 'half_open', to: 'open' })
      t.execute(STATE_CHANGE, { failure_count: 4 }, { name: 'payments', from: 'half_open', to: 'open' })
    })
    expect(result).toEqual({
      event: STATE_CHANGE,
      measurements: { failure_count: 3 },
      metadata: { name: 'payments', from: 'half_open', to: 'open' },
    })
    expectNoHandlers(t)
  })

  it('waits for an async action and an event emitted after it awaited', async () => {
    const { t } = setup()
    const result = await assertTelemetryEvent(
      t,
      'foundation.service.*',
      {
        measurements: { duration: (d: number) => d > 10 },
        metadata: { service: expect.stringMatching(/^db/) },
      },
      async () => {
        await Promise.resolve()
        t.execute('foundation.service.ready', { duration: 12 }, { service: 'db-primary' })
      },
    )
    expect(result.event).toBe('foundation.service.ready')
    expectNoHandlers(t)
  })

  it('also resolves for an event emitted later, outside the action, with no match given', async () => {
    const { t } = setup()
    const pending = assertTelemetryEvent(t, 'foundation.cache.cleanup', () => undefined)
    t.execute('foundation.cache.cleanup', { duration: 1, expired: 4 }, { cache: 'sessions' })
    await expect(pending).resolves.toMatchObject({ measurements: { expired: 4 } })
    expectNoHandlers(t)
  })

  it('rejects with the action error (sync throw or rejection) after detaching', async () => {
    const { t } = setup()
    const boom = new Error('action failed')
    await expect(
      assertTelemetryEvent(t, STATE_CHANGE, undefined, () => {
        throw boom
      }),
    ).rejects.toBe(boom)
    expectNoHandlers(t)
    await expect(assertTelemetryEvent(t, STATE_CHANGE, undefined, () => Promise.reject(boom))).rejects.toBe(
      boom,
    )
    expectNoHandlers(t)
  })

  it('times out on the instance clock with a message naming the event, the match, what was seen and a diff', async () => {
    const { t, clock } = setup()
    const pending = assertTelemetryEvent(
      t,
      STATE_CHANGE,
      { metadata: { name: 'payments', to: 'open' } },
      () => {
        t.execute('my_app.breaker.call_failure', { duration: 1 }, { name: 'payments' })
        t.execute(STATE_CHANGE, {}, { name: 'payments', from: 'closed', to: 'half_open' })
        t.execute(STATE_CHANGE, {}, { name: 'search', from: 'closed', to: 'half_open' })
        t.execute('my_app.retry.attempt_start', {}, {})
      },
    )
    clock.advance(999)
    expect(t.listHandlers()).toHaveLength(1)
    clock.advance(1)
    const error = await rejectionOf(pending)
    expect(error.message).toContain(
      `assertTelemetryEvent: expected telemetry event ${STATE_CHANGE} matching metadata { name: "payments", to: "open" }, but none arrived within 1000 ms.`,
    )
    expect(error.message).toContain('Seen 4 events:')
    expect(error.message).toContain(`${STATE_CHANGE} ×2`)
    expect(error.message).toContain('my_app.breaker.call_failure ×1')
    expect(error.message).toContain('#4 my_app.retry.attempt_start')
    // The closest is the same-named event with fewest differences: #2 differs only in `to`.
    expect(error.message).toContain(`Closest: #2 ${STATE_CHANGE}`)
    expect(error.message).toMatch(/metadata\.to\s+expected "open", received "half_open"/)
    expect(error.message).not.toMatch(/metadata\.name\s+expected/)
    expectNoHandlers(t)
  })

  it('falls back to the nearest prefix for the closest event and says the name differs', async () => {
    const { t, clock } = setup()
    const pending = assertTelemetryEvent(
      t,
      'foundation.service.ready',
      { metadata: { service: 'db' } },
      () => {
        t.execute('foundation.service.started', {}, { service: 'db' })
        t.execute('dspex.program.execution.start', { monotonic_time: 0 }, { program_id: 'p' })
      },
    )
    clock.advance(1000)
    const error = await rejectionOf(pending)
    expect(error.message).toContain('Closest: #1 foundation.service.started')
    expect(error.message).toMatch(
      /event\s+expected "foundation.service.ready", received "foundation.service.started"/,
    )
    expectNoHandlers(t)
  })

  it('says so when nothing at all was seen, and honours timeout and clock options', async () => {
    const { t } = setup()
    const other = createFakeClock()
    const pending = assertTelemetryEvent(t, 'x.y', undefined, () => undefined, { timeout: 50, clock: other })
    other.advance(50)
    const error = await rejectionOf(pending)
    expect(error.message).toContain('within 50 ms')
    expect(error.message).toContain('No events were seen.')
    expect(error.message).toContain('No event with that name or a similar prefix was seen.')
    expectNoHandlers(t)
  })

  it('reports an action that never settles even though the event arrived', async () => {
    const { t, clock } = setup()
    const pending = assertTelemetryEvent(t, 'x.y', undefined, () => {
      t.execute('x.y', {}, {})
      return new Promise(() => {})
    })
    clock.advance(1000)
    expect((await rejectionOf(pending)).message).toContain('the action had not settled after 1000 ms')
    expectNoHandlers(t)
  })

  it('rejects bad arguments instead of throwing', async () => {
    const { t } = setup()
    // @ts-expect-error not a telemetry instance
    await expect(assertTelemetryEvent({}, 'x', undefined, () => {})).rejects.toThrow(/telemetry instance/)
    // @ts-expect-error the event must be a string
    await expect(assertTelemetryEvent(t, 42, undefined, () => {})).rejects.toThrow(/non-empty name/)
    // @ts-expect-error the action must be a function
    await expect(assertTelemetryEvent(t, 'x', undefined, 'nope')).rejects.toThrow(/action must be a function/)
    expectNoHandlers(t)
  })

  it('uses the system clock when asked, without the test waiting on it', async () => {
    const { t } = setup()
    const pending = assertTelemetryEvent(t, 'x.y', undefined, () => t.execute('x.y', {}, {}), {
      clock: systemClock,
    })
    await expect(pending).resolves.toMatchObject({ event: 'x.y' })
    expectNoHandlers(t)
  })
})
