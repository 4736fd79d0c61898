import { describe, expect, it } from 'vitest'
import { expectNoHandlers, rejectionOf, setup } from '../test/support.ts'
import { type Attempts, type CheckTriggers, ConditionWait } from './conditionWait.ts'
import { createFakeClock, type FakeClock } from './fakeClock.ts'
import { flushMicrotasks } from './flushMicrotasks.ts'
import { WaitSettlement } from './waitSettlement.ts'

/** Start a wait on `check`; the timeout error carries the attempts it was built from. */
function startWait(check: () => unknown, triggers: Partial<CheckTriggers> & { clock?: FakeClock } = {}) {
  const clock = triggers.clock ?? createFakeClock()
  let wait: ConditionWait<unknown> | undefined
  const pending = new Promise<unknown>((resolve, reject) => {
    const describe = (attempts: Attempts, timeout: number) =>
      Object.assign(new Error(`gave up after ${timeout} ms`), { attempts: { ...attempts } })
    wait = new ConditionWait(
      check,
      { telemetry: undefined, interval: undefined, clock, timeout: 100, ...triggers },
      describe,
      new WaitSettlement<unknown>(resolve, reject),
    )
    wait.start()
  })
  return { pending, clock, wait: wait! }
}

describe('ConditionWait', () => {
  it('checks at once and settles with the first truthy result', async () => {
    const { pending, wait } = startWait(() => 'ready')
    await expect(pending).resolves.toBe('ready')
    expect(wait.attempts.checks).toBe(1)
  })

  it('schedules coalesced: triggers during a check in flight cause exactly one re-check', async () => {
    const releases: Array<(ready: boolean) => void> = []
    const { pending, wait } = startWait(() => new Promise<boolean>((resolve) => releases.push(resolve)))
    wait.schedule()
    wait.schedule()
    wait.schedule()
    await flushMicrotasks()
    expect(releases).toHaveLength(1)
    releases[0]?.(false)
    await flushMicrotasks()
    expect(releases).toHaveLength(2)
    releases[1]?.(true)
    await expect(pending).resolves.toBe(true)
    expect(wait.attempts.checks).toBe(2)
  })

  it('ignores triggers raised from inside its own check', async () => {
    let checks = 0
    let wait: ConditionWait<unknown> | undefined
    const started = startWait(async () => {
      checks += 1
      await Promise.resolve()
      // The cap turns a regression into a failed count instead of a microtask spin that never ends.
      if (checks < 100) wait?.schedule()
      return false
    })
    wait = started.wait
    await flushMicrotasks()
    expect(checks).toBe(1)
    started.clock.advance(100)
    await rejectionOf(started.pending)
    expect(checks).toBe(1)
  })

  it('polls on the clock every interval, and stops polling once settled', async () => {
    let value = 0
    const { pending, clock } = startWait(() => value >= 2 && value, { interval: 10 })
    value = 1
    clock.advance(10)
    await flushMicrotasks()
    value = 2
    clock.advance(10)
    await expect(pending).resolves.toBe(2)
    expect(clock.pendingTimers()).toBe(0)
  })

  it('re-checks on telemetry events and detaches its observer when it settles', async () => {
    const { t, clock } = setup()
    let ready = false
    const { pending } = startWait(() => ready, { telemetry: t, clock })
    ready = true
    t.execute('agent.registered', {}, {})
    await expect(pending).resolves.toBe(true)
    expectNoHandlers(t)
  })

  it('on timeout, lets a check in flight finish so the error shows its failure', async () => {
    const { pending, clock } = startWait(() => Promise.reject(new Error('still busy')))
    clock.advance(100)
    const error = (await rejectionOf(pending)) as Error & { attempts: Attempts }
    expect(error.message).toBe('gave up after 100 ms')
    expect(error.attempts).toMatchObject({ checks: 1, hasError: true })
    expect((error.attempts.lastError as Error).message).toBe('still busy')
  })

  it('a check that never settles cannot hold the timeout back', async () => {
    const { pending, clock } = startWait(() => new Promise(() => {}))
    clock.advance(100)
    const error = (await rejectionOf(pending)) as Error & { attempts: Attempts }
    expect(error.attempts).toMatchObject({ checks: 1, hasError: false, lastValue: undefined })
    expect(clock.pendingTimers()).toBe(0)
  })
})
