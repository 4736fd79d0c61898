import { createManualClock } from '@foundation-telemetry/core'
import { flushMicrotasks } from '@foundation-telemetry/testing'
import { describe, expect, it } from 'vitest'
import { createExportSchedule, serialized } from './exportSchedule.ts'

function setup(interval: number) {
  const clock = createManualClock()
  const calls: string[] = []
  const schedule = createExportSchedule({
    clock,
    interval,
    tick: () => calls.push('tick'),
    final: async () => {
      calls.push('final')
    },
  })
  return { clock, calls, schedule }
}

describe('createExportSchedule', () => {
  it('ticks once per interval until shutdown, then runs final exactly once', async () => {
    const { clock, calls, schedule } = setup(1000)
    clock.advance(2500)
    expect(calls).toEqual(['tick', 'tick'])
    const first = schedule.shutdown()
    expect(schedule.shutdown()).toBe(first)
    await first
    clock.advance(5000)
    expect(calls).toEqual(['tick', 'tick', 'final'])
  })

  it('runs no timer when the interval is 0', async () => {
    const { clock, calls, schedule } = setup(0)
    clock.advance(60_000)
    await schedule.shutdown()
    expect(calls).toEqual(['final'])
  })
})

describe('serialized', () => {
  it('starts a call only after the one in flight has finished', async () => {
    const log: string[] = []
    const releases: Array<() => void> = []
    let n = 0
    const run = serialized(async () => {
      const id = ++n
      log.push(`start ${id}`)
      await new Promise<void>((resolve) => releases.push(resolve))
      log.push(`end ${id}`)
    })
    const first = run()
    const second = run()
    await flushMicrotasks()
    expect(log).toEqual(['start 1'])
    releases.shift()?.()
    await first
    await flushMicrotasks()
    expect(log).toEqual(['start 1', 'end 1', 'start 2'])
    releases.shift()?.()
    await second
    expect(log).toEqual(['start 1', 'end 1', 'start 2', 'end 2'])
  })
})
