import { EventEmitter } from 'node:events'
import { createTelemetry } from '@foundation-telemetry/core'
import { createFakeClock, flushMicrotasks } from '@foundation-telemetry/testing'
import { describe, expect, it } from 'vitest'
import type { Outcome } from './iteration.ts'
import type { Phase } from './loadProfile.ts'
import { LoadTestConfigError } from './loadTestError.ts'
import { planRun } from './plan.ts'
import { type ResultSink, Runtime } from './runtime.ts'
import {
  assertCloneable,
  forwardedOverrides,
  PoolRun,
  type ReadyWorkerListener,
  type Slot,
  untilReady,
} from './workerPool.ts'
import type { FromWorker } from './workerProtocol.ts'

describe('forwardedOverrides', () => {
  it('forwards the run-shaping options that are set and nothing else', () => {
    const overrides = forwardedOverrides({
      name: 'n',
      executor: { type: 'constant-vus', vus: 1, duration: '1s' },
      timeout: '2s',
      scenarios: [{ name: 'x', run: () => {} }],
      workers: 2,
    })
    expect(overrides).toEqual({
      name: 'n',
      executor: { type: 'constant-vus', vus: 1, duration: '1s' },
      timeout: '2s',
    })
  })
})

describe('assertCloneable', () => {
  it('accepts plain data and rejects a function as a setup config error', () => {
    expect(() => assertCloneable([{ a: [1, 'b'] }, undefined])).not.toThrow()
    expect(() => assertCloneable([{ fn: () => 1 }])).toThrow(LoadTestConfigError)
  })
})

function listener() {
  const seen: string[] = []
  const after: ReadyWorkerListener = {
    message: (m) => seen.push(m.type),
    exit: () => seen.push('exit'),
  }
  return { seen, after }
}

describe('untilReady', () => {
  it('resolves on ready, then hands later messages and the exit on', async () => {
    const worker = new EventEmitter()
    const { seen, after } = listener()
    const ready = untilReady(worker, 0, after)
    worker.emit('message', { type: 'ready', scenarios: [] })
    await ready
    worker.emit('message', { type: 'done' })
    worker.emit('exit')
    expect(seen).toEqual(['done', 'exit'])
  })

  it("rejects with the worker's own message when it fails before it is ready", async () => {
    const worker = new EventEmitter()
    const ready = untilReady(worker, 3, listener().after)
    worker.emit('message', { type: 'failed', message: 'no such module' })
    await expect(ready).rejects.toMatchObject({
      field: 'workers[3]',
      message: expect.stringContaining('no such module'),
    })
  })

  it('rejects when the worker exits before it is ready, and swallows its errors', async () => {
    const worker = new EventEmitter()
    const { seen, after } = listener()
    const ready = untilReady(worker, 1, after)
    worker.emit('error', new Error('boom'))
    worker.emit('exit')
    await expect(ready).rejects.toMatchObject({
      field: 'workers[1]',
      message: expect.stringContaining('the worker exited before it was ready'),
    })
    expect(seen).toEqual([])
  })
})

/** A begun runtime on a fake clock (10 s planned), the slots of two ready workers, and a PoolRun. */
function poolRun(respawn: (slot: Slot, offsetMs: number) => Promise<void> = () => Promise.resolve()) {
  const clock = createFakeClock()
  const sink: ResultSink = { started() {}, completed() {}, dropped() {} }
  const rt = new Runtime({
    clock,
    telemetry: createTelemetry({ service: 'pool-run', clock }),
    plan: planRun({
      scenarios: [{ name: 'x', run: () => {} }],
      executor: { type: 'constant-vus', vus: 2, duration: '10s' },
    }),
    data: [],
    sink,
    worker: 0,
  })
  rt.begin()
  const received: string[] = []
  const collector = {
    fromWorker: (scenario: number, phase: Phase, atMs: number, latencyMs: number, outcome: Outcome) => {
      received.push(`${scenario} ${phase} ${atMs} ${latencyMs} ${outcome.ok ? 'ok' : outcome.category}`)
    },
    dropped: (scenario: number, phase: Phase) => {
      received.push(`dropped ${scenario} ${phase}`)
    },
  }
  const slots: Slot[] = [0, 1].map((index) => ({ index, worker: undefined, done: false }))
  const respawned: Array<[number, number]> = []
  const run = new PoolRun(rt, collector, slots, (slot, offsetMs) => {
    respawned.push([slot.index, offsetMs])
    return respawn(slot, offsetMs)
  })
  let allDone = false
  void run.allDone.then(() => {
    allDone = true
  })
  return { clock, rt, slots, run, received, respawned, isAllDone: () => allDone }
}

describe('PoolRun', () => {
  it('hands every iteration of a batch and its drops to the collector', () => {
    const { run, slots, received } = poolRun()
    const batch: FromWorker = {
      type: 'batch',
      records: [0, 1, 1, 500, 12, 1, 0, 2, 1, 600, 30, 0],
      errors: ['ECONNRESET', 'reset'],
      dropped: [0, 2],
    }
    run.message(slots[0]!, batch)
    expect(received).toEqual(['0 main 500 12 ok', '0 main 600 30 ECONNRESET', 'dropped 0 cooldown'])
  })

  it('is all done once every worker says done', async () => {
    const { run, slots, isAllDone } = poolRun()
    run.message(slots[0]!, { type: 'done' })
    await flushMicrotasks()
    expect(isAllDone()).toBe(false)
    run.message(slots[1]!, { type: 'done' })
    await flushMicrotasks()
    expect(isAllDone()).toBe(true)
    expect(run.restarts).toBe(0)
  })

  it('replaces a worker that dies while load is left, joining where the run stands', () => {
    const { clock, run, slots, respawned } = poolRun()
    clock.advance(4000)
    run.exit(slots[1]!)
    expect(respawned).toEqual([[1, 4000]])
    expect(run.restarts).toBe(1)
    expect(slots[1]!.done).toBe(false)
  })

  it('counts a worker whose replacement fails to start as done', async () => {
    const { run, slots, isAllDone } = poolRun(() => Promise.reject(new Error('no')))
    run.message(slots[0]!, { type: 'done' })
    run.exit(slots[1]!)
    await flushMicrotasks()
    expect(slots[1]!.done).toBe(true)
    expect(isAllDone()).toBe(true)
  })

  it('does not replace a worker that exits after the run stopped, past its end, or after saying done', () => {
    const stopped = poolRun()
    stopped.rt.stop('signal')
    stopped.run.exit(stopped.slots[0]!)
    expect(stopped.respawned).toEqual([])
    expect(stopped.slots[0]!.done).toBe(true)

    const late = poolRun()
    late.clock.advance(10_000)
    late.run.exit(late.slots[0]!)
    expect(late.respawned).toEqual([])
    expect(late.slots[0]!.done).toBe(true)

    const finished = poolRun()
    finished.run.message(finished.slots[0]!, { type: 'done' })
    finished.run.exit(finished.slots[0]!)
    expect(finished.respawned).toEqual([])
    expect(finished.run.restarts).toBe(0)
  })
})
