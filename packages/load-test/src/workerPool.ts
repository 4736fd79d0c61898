/**
 * `workers: N`: the VUs run in N worker threads (for generators that need more than one core).
 * Each worker imports the scenario module and runs its share of the executor; every finished
 * iteration comes back to the coordinator's collector, so latency sketches and counts are those
 * of one run, not an average of workers. A worker that dies is replaced and joins the schedule
 * where it stands.
 */
import { Worker } from 'node:worker_threads'
import type { Collector } from './collector.ts'
import { LoadTestConfigError } from './loadTestError.ts'
import type { LoadTestOptions } from './options.ts'
import type { Runtime } from './runtime.ts'
import { moduleUrlOf } from './scenarioModule.ts'
import {
  type FromWorker,
  outcomeOf,
  phaseOf,
  RECORD_SIZE,
  type ToWorker,
  type WorkerStart,
} from './workerProtocol.ts'

/** Options a worker takes from the coordinator instead of the module's default export. */
const FORWARDED = ['name', 'executor', 'warmup', 'cooldown', 'timeout', 'gracefulStop'] as const

function workerEntry(): { url: URL; execArgv: string[] | undefined } {
  const here = import.meta.url
  // From sources (tests, `--conditions=source`) the worker is TypeScript and must resolve
  // workspace packages to their sources too; the published build ships it as JavaScript.
  const fromSource = here.endsWith('.ts')
  return {
    url: new URL(fromSource ? './workerMain.ts' : './workerMain.js', here),
    execArgv: fromSource ? [...process.execArgv, '--conditions=source'] : undefined,
  }
}

interface Slot {
  index: number
  worker: Worker | undefined
  done: boolean
}

/** Started workers, ready to go. */
export interface WorkerPool {
  /** Generate load until every worker is done; resolves with the number of replaced workers. */
  run(rt: Runtime, collector: Collector): Promise<number>
  /** Stop workers that were started but will not run (a failed start). */
  terminate(): Promise<void>
}

/** Start `options.workers` workers and wait until each has loaded the module and planned its share. */
export async function startWorkerPool(options: LoadTestOptions, data: unknown[]): Promise<WorkerPool> {
  const count = options.workers ?? 0
  const moduleUrl = moduleUrlOf(options.module!)
  const overrides: Record<string, unknown> = {}
  for (const key of FORWARDED) if (options[key] !== undefined) overrides[key] = options[key]
  try {
    structuredClone(data)
  } catch {
    throw new LoadTestConfigError('setup', 'with workers, what setup returns must be cloneable (plain data)')
  }
  const entry = workerEntry()
  let onMessage: (slot: Slot, message: FromWorker) => void = () => {}
  let onExit: (slot: Slot) => void = () => {}
  const spawn = (slot: Slot, offsetMs: number): Promise<void> => {
    const start: WorkerStart = { moduleUrl, overrides, index: slot.index, count, data, offsetMs }
    const worker = new Worker(entry.url, {
      workerData: start,
      ...(entry.execArgv === undefined ? {} : { execArgv: entry.execArgv }),
    })
    slot.worker = worker
    return new Promise<void>((resolve, reject) => {
      let ready = false
      worker.on('message', (message: FromWorker) => {
        if (!ready && message.type === 'ready') {
          ready = true
          resolve()
        } else if (!ready && message.type === 'failed') {
          reject(new LoadTestConfigError(`workers[${slot.index}]`, message.message))
        } else onMessage(slot, message)
      })
      worker.on('error', () => {})
      worker.on('exit', () => {
        if (!ready)
          reject(new LoadTestConfigError(`workers[${slot.index}]`, 'the worker exited before it was ready'))
        else onExit(slot)
      })
    })
  }
  const slots: Slot[] = Array.from({ length: count }, (_, index) => ({
    index,
    worker: undefined,
    done: false,
  }))
  const send = (slot: Slot, message: ToWorker) => slot.worker?.postMessage(message)
  const terminate = async () => {
    await Promise.allSettled(slots.map((slot) => slot.worker?.terminate()))
  }
  try {
    await Promise.all(slots.map((slot) => spawn(slot, 0)))
  } catch (error) {
    await terminate()
    throw error
  }

  return {
    terminate,
    async run(rt, collector) {
      let restarts = 0
      let finish: () => void = () => {}
      const allDone = new Promise<void>((resolve) => {
        finish = resolve
      })
      const check = () => {
        if (slots.every((s) => s.done)) finish()
      }
      onMessage = (slot, message) => {
        if (message.type === 'batch') receive(collector, message)
        else if (message.type === 'done') {
          slot.done = true
          check()
        }
      }
      onExit = (slot) => {
        if (slot.done) return
        // A crashed worker: replace it while there is load left to generate.
        const elapsed = rt.elapsed()
        if (rt.stopping || elapsed >= rt.plan.profile.totalMs) {
          slot.done = true
          return check()
        }
        restarts++
        spawn(slot, elapsed).then(
          () => send(slot, { type: rt.stopping ? 'stop' : 'go' }),
          () => {
            slot.done = true
            check()
          },
        )
      }
      const stopAll = () => {
        for (const slot of slots) send(slot, { type: 'stop' })
      }
      rt.onStop(stopAll)
      for (const slot of slots) send(slot, { type: 'go' })
      rt.activeVUs = slots.length
      await allDone
      rt.stop()
      rt.activeVUs = 0
      await terminate()
      return restarts
    },
  }
}

function receive(collector: Collector, batch: Extract<FromWorker, { type: 'batch' }>): void {
  const { records, errors, dropped } = batch
  const cursor = { at: 0 }
  for (let i = 0; i + RECORD_SIZE <= records.length; i += RECORD_SIZE) {
    const outcome = outcomeOf(records[i + 5]!, errors, cursor)
    collector.fromWorker(records[i]!, phaseOf(records[i + 2]!), records[i + 3]!, records[i + 4]!, outcome)
  }
  for (let i = 0; i + 2 <= dropped.length; i += 2) collector.dropped(dropped[i]!, phaseOf(dropped[i + 1]!))
}
