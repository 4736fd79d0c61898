import { createManualClock } from '@foundation-telemetry/core'
import { describe, expect, it } from 'vitest'
import { type EvaluationCycle, EvaluationLoop } from './evaluationLoop.ts'

/** A loop on a manual clock recording what its cycle hears; `throwing` makes evaluations throw. */
function setup(intervalMs = 30_000) {
  const clock = createManualClock()
  const heard = { evaluated: [] as number[], durations: [] as number[], failures: [] as unknown[] }
  let throwing: Error | undefined
  const cycle: EvaluationCycle = {
    clock,
    intervalMs,
    evaluate(now) {
      if (throwing !== undefined) throw throwing
      heard.evaluated.push(now)
    },
    duration: { record: (ms) => heard.durations.push(ms) },
    failed: (error) => heard.failures.push(error),
  }
  const loop = new EvaluationLoop(cycle)
  return { clock, loop, heard, throwOn: (error: Error) => (throwing = error) }
}

describe('EvaluationLoop', () => {
  it('evaluates every interval once started, at the clock time, recording each duration', () => {
    const { clock, loop, heard } = setup(30_000)
    const start = clock.now()
    loop.start(() => {})
    expect(heard.evaluated).toEqual([])
    clock.advance(30_000)
    expect(heard.evaluated).toEqual([start + 30_000])
    clock.advance(60_000)
    expect(heard.evaluated).toEqual([start + 30_000, start + 60_000, start + 90_000])
    expect(heard.durations).toHaveLength(3)
    loop.stop()
  })

  it('calls starting() once, before arming the timer; a second start does nothing', () => {
    const { clock, loop } = setup()
    const calls: number[] = []
    loop.start(() => calls.push(clock.pendingTimers('interval')))
    loop.start(() => calls.push(-1))
    expect(calls).toEqual([0])
    expect(clock.pendingTimers('interval')).toBe(1)
    loop.stop()
  })

  it('runs before() and then evaluates on demand, without a timer', () => {
    const { clock, loop, heard } = setup()
    const order: string[] = []
    loop.run(() => order.push(`before ${heard.evaluated.length}`))
    expect(order).toEqual(['before 0'])
    expect(heard.evaluated).toEqual([clock.now()])
    expect(clock.pendingTimers()).toBe(0)
  })

  it('reports an evaluation that throws and keeps the timer running', () => {
    const { clock, loop, heard, throwOn } = setup(1_000)
    const boom = new Error('boom')
    throwOn(boom)
    loop.start(() => {})
    expect(() => clock.advance(2_000)).not.toThrow()
    expect(heard.failures).toEqual([boom, boom])
    expect(heard.durations).toEqual([])
    expect(() => loop.run()).not.toThrow()
    expect(heard.failures).toHaveLength(3)
    loop.stop()
  })

  it('reports a before() that throws and skips that evaluation', () => {
    const { loop, heard } = setup()
    const boom = new Error('before')
    loop.run(() => {
      throw boom
    })
    expect(heard.failures).toEqual([boom])
    expect(heard.evaluated).toEqual([])
  })

  it('stays stopped: the timer is cleared, runs evaluate nothing (before() still runs), start does nothing', () => {
    const { clock, loop, heard } = setup(1_000)
    loop.start(() => {})
    loop.stop()
    expect(loop.stopped).toBe(true)
    expect(clock.pendingTimers()).toBe(0)
    let before = 0
    loop.run(() => before++)
    let started = false
    loop.start(() => (started = true))
    clock.advance(5_000)
    expect([before, started, heard.evaluated]).toEqual([1, false, []])
  })
})
