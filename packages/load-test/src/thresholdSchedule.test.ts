import { createTelemetry } from '@foundation-telemetry/core'
import { createFakeClock } from '@foundation-telemetry/testing'
import { describe, expect, it } from 'vitest'
import type { LoadTestOptions } from './options.ts'
import { planRun } from './plan.ts'
import { type ResultSink, Runtime } from './runtime.ts'
import { type ScheduledEvaluator, scheduleThresholds } from './thresholdSchedule.ts'

const sink: ResultSink = { started() {}, completed() {}, dropped() {} }

/** A runtime on a fake clock, begun now, with 1 s of warm-up and 10 s of main phase. */
function begunRuntime() {
  const clock = createFakeClock()
  const options: LoadTestOptions = {
    scenarios: [{ name: 'x', run: () => {} }],
    executor: { type: 'constant-vus', vus: 1, duration: '10s' },
    warmup: '1s',
  }
  const rt = new Runtime({
    clock,
    telemetry: createTelemetry({ service: 'threshold-schedule', clock }),
    plan: planRun(options),
    data: [],
    sink,
    worker: 0,
  })
  rt.begin()
  return { clock, rt }
}

/** An evaluator that records its calls and asks to abort at `abortAt` ms into the main phase. */
function recordingEvaluator(step: number | undefined, abortAt = Number.POSITIVE_INFINITY) {
  const calls: string[] = []
  const evaluator: ScheduledEvaluator = {
    step: () => step,
    arm: () => {
      calls.push('arm')
    },
    tick: (ms) => {
      calls.push(`tick ${ms}`)
      return ms >= abortAt
    },
  }
  return { calls, evaluator }
}

describe('scheduleThresholds', () => {
  it('arms the evaluator when warm-up ends and ticks it every step with the ms into the main phase', () => {
    const { clock, rt } = begunRuntime()
    const { calls, evaluator } = recordingEvaluator(1000)
    scheduleThresholds(rt, evaluator)
    clock.advance(999)
    expect(calls).toEqual([])
    clock.advance(1)
    expect(calls).toEqual(['arm'])
    clock.advance(3000)
    expect(calls).toEqual(['arm', 'tick 1000', 'tick 2000', 'tick 3000'])
  })

  it('stops ticking once the main phase is over', () => {
    const { clock, rt } = begunRuntime()
    const { calls, evaluator } = recordingEvaluator(1000)
    scheduleThresholds(rt, evaluator)
    clock.advance(20_000)
    expect(calls.at(-1)).toBe('tick 10000')
    expect(calls).toHaveLength(11)
  })

  it('only arms an evaluator without a step', () => {
    const { clock, rt } = begunRuntime()
    const { calls, evaluator } = recordingEvaluator(undefined)
    scheduleThresholds(rt, evaluator)
    clock.advance(20_000)
    expect(calls).toEqual(['arm'])
  })

  it('stops the run for a threshold when a tick asks to abort', () => {
    const { clock, rt } = begunRuntime()
    const { evaluator } = recordingEvaluator(500, 2000)
    scheduleThresholds(rt, evaluator)
    clock.advance(2999)
    expect(rt.stopping).toBe(false)
    clock.advance(1)
    expect(rt.stopReason).toBe('threshold')
  })

  it('sets no more timers once cancelled, before or after arming', () => {
    for (const cancelAt of [500, 1500]) {
      const { clock, rt } = begunRuntime()
      const { calls, evaluator } = recordingEvaluator(100)
      const cancel = scheduleThresholds(rt, evaluator)
      clock.advance(cancelAt)
      const before = calls.length
      cancel()
      clock.advance(20_000)
      expect(calls).toHaveLength(before)
    }
  })
})
