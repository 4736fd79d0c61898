import { describe, expect, it } from 'vitest'
import { expectNoHandlers, rejectionOf, setup } from '../test/support.ts'
import { flushMicrotasks } from './flushMicrotasks.ts'
import { refuteTelemetryEvent } from './refuteTelemetryEvent.ts'

const STATE_CHANGE = 'foundation.circuit_breaker.state_change'

describe('refuteTelemetryEvent', () => {
  it('resolves when no matching event is emitted during the action', async () => {
    const { t } = setup()
    await refuteTelemetryEvent(t, STATE_CHANGE, { metadata: { to: 'open' } }, async () => {
      t.execute(STATE_CHANGE, {}, { name: 'payments', from: 'closed', to: 'half_open' })
      t.execute('my_app.breaker.call_success', {}, { to: 'open' })
      await Promise.resolve()
    })
    expectNoHandlers(t)
  })

  it('rejects at the first matching event, naming it', async () => {
    const { t } = setup()
    const error = await rejectionOf(
      refuteTelemetryEvent(t, STATE_CHANGE, { metadata: { to: 'open' } }, () => {
        t.execute('my_app.breaker.call_failure', {}, {})
        t.execute(STATE_CHANGE, { failure_count: 3 }, { name: 'payments', from: 'half_open', to: 'open' })
      }),
    )
    expect(error.message).toContain(
      `refuteTelemetryEvent: expected no telemetry event ${STATE_CHANGE} matching metadata { to: "open" }, but #2 ${STATE_CHANGE} matched`,
    )
    expect(error.message).toContain('metadata { name: "payments", from: "half_open", to: "open" }')
    expectNoHandlers(t)
  })

  it('keeps watching during the grace window and resolves when it ends', async () => {
    const { t, clock } = setup()
    const quiet = refuteTelemetryEvent(t, 'a.b', undefined, () => undefined, { timeout: 100 })
    await flushMicrotasks()
    clock.advance(100)
    await quiet
    expectNoHandlers(t)

    const noisy = refuteTelemetryEvent(t, 'a.b', undefined, () => undefined, { timeout: 100 })
    await flushMicrotasks()
    t.execute('a.b', {}, {})
    expect((await rejectionOf(noisy)).message).toContain('but #1 a.b matched')
    expectNoHandlers(t)
  })

  it('rejects with the action error', async () => {
    const { t } = setup()
    const boom = new Error('boom')
    await expect(refuteTelemetryEvent(t, 'a.b', undefined, () => Promise.reject(boom))).rejects.toBe(boom)
    expectNoHandlers(t)
  })
})
