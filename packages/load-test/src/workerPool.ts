/**
 * `workers: N`: the VUs run in N worker threads (for generators that need more than one core).
 * Each worker imports the scenario module and runs its share of the executor; every finished
 * iteration comes back to the coordinator's collector, so latency sketches and counts are those
 * of one run, not an average of workers. A worker that dies is replaced and joins the schedule
 * where it stands.
 */
import type { EventEmitter } from 'node:events'
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

/** The worker script, and the flags it needs to run from sources. */
interface WorkerEntry {
  url: URL
  execArgv: string[] | undefined
}

/** Where the iterations a worker ran land: the coordinator's collector. */
type WorkerResults = Pick<Collector, 'fromWorker' | 'dropped'>

function workerEntry(): WorkerEntry {
  const here = import.meta.url
  // From sources (tests, `--conditions=source`) the worker is TypeScript and must resolve
  // workspace packages to their sources too; the published build ships it as JavaScript.
  const fromSource = here.endsWith('.ts')
  return {
    url: new URL(fromSource ? './workerMain.ts' : './workerMain.js', here),
    execArgv: fromSource ? [...process.execArgv, '--conditions=source'] : undefined,
  }
}

/** One worker's place in the pool; a replacement takes the place of a worker that died. */
export interface Slot {
  readonly index: number
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
  const moduleUrl = moduleUrlOf(options.module!)
  const overrides = forwardedOverrides(options)
  assertCloneable(data)
  const pool = new ThreadPool(workerEntry(), { moduleUrl, overrides, count: options.workers ?? 0, data })
  await pool.start()
  return pool
}

/** The options a worker takes from the coordinator: those of {@link FORWARDED} that are set. */
export function forwardedOverrides(options: LoadTestOptions): Record<string, unknown> {
  const overrides: Record<string, unknown> = {}
  for (const key of FORWARDED) if (options[key] !== undefined) overrides[key] = options[key]
  return overrides
}

/** Setup results cross to workers by structured clone: reject what cannot, before any worker starts. */
export function assertCloneable(data: unknown[]): void {
  try {
    structuredClone(data)
  } catch {
    throw new LoadTestConfigError('setup', 'with workers, what setup returns must be cloneable (plain data)')
  }
}

/** Where a worker's messages and exit go once it is ready. */
export interface ReadyWorkerListener {
  message(message: FromWorker): void
  exit(): void
}

/**
 * Resolves when the worker says `ready`; rejects when it reports a failure or exits before that.
 * Later messages and its exit go to `after`.
 */
export function untilReady(worker: EventEmitter, index: number, after: ReadyWorkerListener): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let ready = false
    worker.on('message', (message: FromWorker) => {
      if (!ready && message.type === 'ready') {
        ready = true
        resolve()
      } else if (!ready && message.type === 'failed') {
        reject(new LoadTestConfigError(`workers[${index}]`, message.message))
      } else after.message(message)
    })
    worker.on('error', () => {})
    worker.on('exit', () => {
      if (!ready)
        reject(new LoadTestConfigError(`workers[${index}]`, 'the worker exited before it was ready'))
      else after.exit()
    })
  })
}

function send(slot: Slot, message: ToWorker): void {
  slot.worker?.postMessage(message)
}

/** The worker threads of one run; before {@link ThreadPool.run}, ready workers' messages are dropped. */
class ThreadPool implements WorkerPool {
  private readonly entry: WorkerEntry
  private readonly base: Omit<WorkerStart, 'index' | 'offsetMs'>
  private readonly slots: Slot[]
  private current: PoolRun | undefined

  constructor(entry: WorkerEntry, base: Omit<WorkerStart, 'index' | 'offsetMs'>) {
    this.entry = entry
    this.base = base
    this.slots = Array.from({ length: base.count }, (_, index) => ({ index, worker: undefined, done: false }))
  }

  /** Spawn every worker and wait until all are ready; on a failure, stop those that started. */
  async start(): Promise<void> {
    try {
      await Promise.all(this.slots.map((slot) => this.spawn(slot, 0)))
    } catch (error) {
      await this.terminate()
      throw error
    }
  }

  async terminate(): Promise<void> {
    await Promise.allSettled(this.slots.map((slot) => slot.worker?.terminate()))
  }

  async run(rt: Runtime, collector: Collector): Promise<number> {
    const run = new PoolRun(rt, collector, this.slots, (slot, offsetMs) => this.spawn(slot, offsetMs))
    this.current = run
    rt.onStop(() => {
      for (const slot of this.slots) send(slot, { type: 'stop' })
    })
    for (const slot of this.slots) send(slot, { type: 'go' })
    rt.activeVUs = this.slots.length
    await run.allDone
    rt.stop()
    rt.activeVUs = 0
    await this.terminate()
    return run.restarts
  }

  private spawn(slot: Slot, offsetMs: number): Promise<void> {
    const start: WorkerStart = { ...this.base, index: slot.index, offsetMs }
    const { url, execArgv } = this.entry
    const worker = new Worker(url, { workerData: start, ...(execArgv === undefined ? {} : { execArgv }) })
    slot.worker = worker
    return untilReady(worker, slot.index, {
      message: (message) => this.current?.message(slot, message),
      exit: () => this.current?.exit(slot),
    })
  }
}

/**
 * One run of the pool: batches go to the collector, a worker that dies is replaced while there is
 * load left to generate, and `allDone` resolves once every worker is done.
 */
export class PoolRun {
  /** Workers replaced so far. */
  restarts = 0
  readonly allDone: Promise<void>
  private finish: () => void = () => {}
  private readonly rt: Runtime
  private readonly collector: WorkerResults
  private readonly slots: readonly Slot[]
  private readonly respawn: (slot: Slot, offsetMs: number) => Promise<void>

  constructor(
    rt: Runtime,
    collector: WorkerResults,
    slots: readonly Slot[],
    respawn: (slot: Slot, offsetMs: number) => Promise<void>,
  ) {
    this.rt = rt
    this.collector = collector
    this.slots = slots
    this.respawn = respawn
    this.allDone = new Promise<void>((resolve) => {
      this.finish = resolve
    })
  }

  message(slot: Slot, message: FromWorker): void {
    if (message.type === 'batch') receive(this.collector, message)
    else if (message.type === 'done') this.markDone(slot)
  }

  exit(slot: Slot): void {
    if (slot.done) return
    // A crashed worker: replace it while there is load left to generate.
    const elapsed = this.rt.elapsed()
    if (this.rt.stopping || elapsed >= this.rt.plan.profile.totalMs) {
      this.markDone(slot)
      return
    }
    this.restarts++
    this.respawn(slot, elapsed).then(
      () => send(slot, { type: this.rt.stopping ? 'stop' : 'go' }),
      () => this.markDone(slot),
    )
  }

  private markDone(slot: Slot): void {
    slot.done = true
    if (this.slots.every((s) => s.done)) this.finish()
  }
}

function receive(collector: WorkerResults, batch: Extract<FromWorker, { type: 'batch' }>): void {
  const { records, errors, dropped } = batch
  const cursor = { at: 0 }
  for (let i = 0; i + RECORD_SIZE <= records.length; i += RECORD_SIZE) {
    const outcome = outcomeOf(records[i + 5]!, errors, cursor)
    collector.fromWorker(records[i]!, phaseOf(records[i + 2]!), records[i + 3]!, records[i + 4]!, outcome)
  }
  for (let i = 0; i + 2 <= dropped.length; i += 2) collector.dropped(dropped[i]!, phaseOf(dropped[i + 1]!))
}
