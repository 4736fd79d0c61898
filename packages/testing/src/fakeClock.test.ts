import { createTelemetry } from '@foundation-telemetry/core'
import { describe, expect, it } from 'vitest'
import { createFakeClock } from './fakeClock.ts'

describe('createFakeClock', () => {
  it('starts where asked and moves only when told', () => {
    const clock = createFakeClock({ startTime: 1_000_000 })
    expect(clock.now()).toBe(1_000_000)
    clock.advance(250)
    expect(clock.now()).toBe(1_000_250)
    expect(clock.monotonic()).toBe(250)
    clock.advanceTo(1_002_000)
    expect(clock.now()).toBe(1_002_000)
    clock.advanceTo(0)
    expect(clock.now()).toBe(1_002_000)
  })

  it('fires timers in due order, and tick fires zero-delay timers without moving time', () => {
    const clock = createFakeClock()
    const fired: string[] = []
    clock.setTimeout(() => fired.push('b'), 20)
    clock.setTimeout(() => fired.push('a'), 10)
    clock.setTimeout(() => fired.push('now'), 0)
    const before = clock.now()
    clock.tick()
    expect(fired).toEqual(['now'])
    expect(clock.now()).toBe(before)
    expect(clock.nextTimerAt()).toBe(10)
    expect(clock.next()).toBe(true)
    expect(fired).toEqual(['now', 'a'])
    clock.advance(100)
    expect(fired).toEqual(['now', 'a', 'b'])
    expect(clock.next()).toBe(false)
  })

  it('runAll drains one-shot timers, including ones they schedule, and stops at the limit', () => {
    const clock = createFakeClock()
    let ticks = 0
    const interval = clock.setInterval(() => ticks++, 5)
    let chain = 0
    const step = () => {
      chain++
      if (chain < 3) clock.setTimeout(step, 100)
    }
    clock.setTimeout(step, 100)
    // One step per distinct due time: the interval's ticks every 5 ms up to 300 ms (the chained
    // timeouts at 100, 200 and 300 ms share theirs).
    expect(clock.runAll()).toBe(300 / 5)
    expect(chain).toBe(3)
    expect(ticks).toBe(60)
    clock.clearInterval(interval)
    expect(clock.pendingTimers()).toBe(0)

    const forever = () => clock.setTimeout(forever, 1)
    forever()
    expect(clock.runAll(50)).toBe(50)
  })

  it('cleared timers never fire', () => {
    const clock = createFakeClock()
    let fired = false
    const timer = clock.setTimeout(() => {
      fired = true
    }, 10)
    clock.clearTimeout(timer)
    clock.advance(10)
    expect(fired).toBe(false)
    expect(clock.nextTimerAt()).toBeUndefined()
  })

  it('advanceAsync lets await continuations schedule the next timer', async () => {
    const clock = createFakeClock()
    const seen: number[] = []
    const loop = async () => {
      for (let i = 0; i < 3; i++) {
        await new Promise<void>((resolve) => clock.setTimeout(resolve, 10))
        seen.push(clock.monotonic())
      }
    }
    const done = loop()
    await clock.advanceAsync(30)
    await done
    expect(seen).toEqual([10, 20, 30])
  })

  it('drives core: timestamps and span durations follow it', () => {
    const clock = createFakeClock()
    const t = createTelemetry({ clock, enrich: false })
    const stops: number[] = []
    t.attach('stops', 'work.stop', (_e, measurements) => stops.push(measurements.duration ?? Number.NaN))
    t.span('work', {}, () => clock.advance(42))
    expect(stops).toEqual([42])
    t.detach('stops')
  })
})
