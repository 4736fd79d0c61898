import type { Telemetry } from '@foundation-telemetry/core'
import { describe, expect, it } from 'vitest'
import { expectNoHandlers, rejectionOf, setup } from '../test/support.ts'
import { createFakeClock } from './fakeClock.ts'
import { flushMicrotasks } from './flushMicrotasks.ts'
import { assertEventually, waitForCondition } from './waitForCondition.ts'

/**
 * Wait on an async check that counts its runs and, after its first await, emits an event of its
 * own. The cap only turns a regression into a failed count instead of a microtask spin that would
 * block the event loop (and the test) forever.
 */
function selfEmittingCheck(t: Telemetry, result: () => unknown) {
  const runs = { checks: 0 }
  const pending = waitForCondition(
    async () => {
      runs.checks += 1
      await Promise.resolve()
      if (runs.checks < 100) t.execute('registry.lookup', {}, {})
      return result()
    },
    { telemetry: t },
  )
  return { pending, runs }
}

describe('waitForCondition', () => {
  it('resolves at once with a truthy value', async () => {
    await expect(waitForCondition(() => 'ready')).resolves.toBe('ready')
  })

  it('re-checks after each telemetry event, once the emitting code has finished', async () => {
    const { t } = setup()
    const state = { registered: undefined as string | undefined }
    let checks = 0
    const pending = waitForCondition(
      () => {
        checks += 1
        return state.registered
      },
      { telemetry: t },
    )
    // The event comes before the state change in the same synchronous block: the check must still see it.
    t.execute('agent.registered', {}, {})
    state.registered = 'agent_1'
    await expect(pending).resolves.toBe('agent_1')
    expect(checks).toBe(2)
    expectNoHandlers(t)
  })

  it('does not re-check on events the check itself emits (no microtask spin), and still times out', async () => {
    const { t, clock } = setup()
    let checks = 0
    const pending = waitForCondition(
      () => {
        checks += 1
        t.execute('registry.lookup', {}, {})
        return checks >= 2
      },
      { telemetry: t },
    )
    await flushMicrotasks()
    clock.advance(1000)
    const error = await rejectionOf(pending)
    expect(error.message).toContain('(1 check, re-checked on each telemetry event)')
    expect(checks).toBe(1)
    expectNoHandlers(t)
  })

  it('an async check emitting after its first await is not re-triggered by its own event', async () => {
    const { t, clock } = setup()
    let ready = false
    const { pending, runs } = selfEmittingCheck(t, () => ready && 'found')
    await clock.advanceAsync(0)
    const checksBeforeChange = runs.checks
    ready = true
    t.execute('agent.registered', {}, {})
    await expect(pending).resolves.toBe('found')
    expect(checksBeforeChange).toBe(1)
    expect(runs.checks).toBe(2)
    expectNoHandlers(t)
  })

  it('a self-emitting async check still times out after one check per outside event', async () => {
    const { t, clock } = setup()
    const { pending, runs } = selfEmittingCheck(t, () => false)
    await clock.advanceAsync(0)
    t.execute('agent.registered', {}, {})
    await clock.advanceAsync(1000)
    const error = await rejectionOf(pending)
    expect(error.message).toContain('(2 checks, re-checked on each telemetry event)')
    expect(runs.checks).toBe(2)
    expectNoHandlers(t)
  })

  it('events arriving while a check is in flight coalesce into one re-check', async () => {
    const { t } = setup()
    const releases: Array<(ready: boolean) => void> = []
    let secondCheckStarted: () => void = () => {}
    const secondCheck = new Promise<void>((resolve) => {
      secondCheckStarted = resolve
    })
    const pending = waitForCondition(
      () =>
        new Promise<boolean>((resolve) => {
          releases.push(resolve)
          if (releases.length === 2) secondCheckStarted()
        }),
      { telemetry: t },
    )
    for (let i = 0; i < 5; i++) t.execute('pool.checkin', {}, {})
    await flushMicrotasks()
    releases[0]?.(false)
    await secondCheck
    releases[1]?.(true)
    await expect(pending).resolves.toBe(true)
    expect(releases).toHaveLength(2)
    expectNoHandlers(t)
  })

  it('polls on the clock when no telemetry is given, and supports async conditions', async () => {
    const clock = createFakeClock()
    let value = 0
    const pending = waitForCondition(async () => value >= 3 && value, { clock, interval: 5 })
    for (let i = 0; i < 3; i++) {
      value += 1
      await clock.advanceAsync(5)
    }
    await expect(pending).resolves.toBe(3)
    expect(clock.pendingTimers()).toBe(0)
  })

  it('times out with the number of checks and the last result or error', async () => {
    const { t, clock } = setup()
    const pending = waitForCondition(() => false, { telemetry: t })
    t.execute('x.y', {}, {})
    await flushMicrotasks()
    clock.advance(1000)
    const error = await rejectionOf(pending)
    expect(error.message).toBe(
      'waitForCondition: condition not met within 1000 ms (2 checks, re-checked on each telemetry event); the last check returned false.',
    )
    expectNoHandlers(t)

    const failing = waitForCondition(
      () => {
        throw new Error('not yet')
      },
      { telemetry: t, message: 'pool drained' },
    )
    clock.advance(1000)
    const second = await rejectionOf(failing)
    expect(second.message).toContain('pool drained: waitForCondition')
    expect(second.message).toContain('the last check threw Error("not yet")')
    expect((second.cause as Error).message).toBe('not yet')
    expectNoHandlers(t)
    expect(clock.pendingTimers()).toBe(0)
  })
})

describe('assertEventually', () => {
  it('resolves with the return value once the assertion stops throwing', async () => {
    const { t } = setup()
    let active = 2
    const pending = assertEventually(
      () => {
        expect(active).toBe(0)
        return 'drained'
      },
      { telemetry: t },
    )
    active = 0
    t.execute('pool.checkin', {}, {})
    await expect(pending).resolves.toBe('drained')
    expectNoHandlers(t)
  })

  it('rejects with the last assertion message and the assertion as cause', async () => {
    const { t, clock } = setup()
    const pending = assertEventually(() => expect(1 + 1).toBe(3), { telemetry: t, timeout: 200 })
    clock.advance(200)
    const error = await rejectionOf(pending)
    expect(error.message).toMatch(
      /^assertEventually: still failing after 200 ms \(1 attempt, re-checked on each telemetry event\)\. Last failure:\n/,
    )
    expect(error.message).toContain('expected 2 to be 3')
    expect(error.cause).toBeInstanceOf(Error)
    expectNoHandlers(t)
  })
})
