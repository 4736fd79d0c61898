import { describe, expect, it } from 'vitest'
import { expectNoHandlers, rejectionOf, setup } from '../test/support.ts'
import { waitForTelemetryEvent } from './waitForTelemetryEvent.ts'

describe('waitForTelemetryEvent', () => {
  it('resolves with the next matching event, emitted from a timer on the fake clock', async () => {
    const { t, clock } = setup()
    const cycle = { duration: 3, expired_tokens: 2, active_tokens: 5 }
    clock.setInterval(() => t.execute('foundation.resource_manager.cleanup', cycle, {}), 60_000)
    const cleaned = waitForTelemetryEvent(t, 'foundation.resource_manager.cleanup', undefined, {
      timeout: 120_000,
    })
    clock.advance(60_000)
    await expect(cleaned).resolves.toEqual({
      event: 'foundation.resource_manager.cleanup',
      measurements: cycle,
      metadata: {},
    })
    expectNoHandlers(t)
  })

  it('accepts a list of names and a match', async () => {
    const { t } = setup()
    const pending = waitForTelemetryEvent(t, ['a.ready', 'a.started'], { metadata: { id: 7 } })
    t.execute('a.started', {}, { id: 6 })
    t.execute('a.started', {}, { id: 7 })
    await expect(pending).resolves.toMatchObject({ event: 'a.started', metadata: { id: 7 } })
    expectNoHandlers(t)
  })

  it('does not see events emitted before it was called, and times out', async () => {
    const { t, clock } = setup()
    t.execute('a.ready', {}, {})
    const pending = waitForTelemetryEvent(t, 'a.ready')
    clock.advance(1000)
    const error = await rejectionOf(pending)
    expect(error.message).toContain(
      'waitForTelemetryEvent: none of these telemetry events was emitted within 1000 ms',
    )
    expect(error.message).toContain('No events were seen.')
    expectNoHandlers(t)
  })
})
