/**
 * The body of a load-test worker thread: imports the scenario module, validates its share of the
 * plan, waits for the coordinator's `go`, generates load on its own event loop, and streams
 * results back in batches. It never measures thresholds or writes reports; the coordinator does.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { createTelemetry, systemClock } from '@foundation-telemetry/core'
import { runClosedModel } from './closedModel.ts'
import { executorShare } from './executorShare.ts'
import type { Phase } from './loadProfile.ts'
import { runOpenModel } from './openModel.ts'
import type { Executor, LoadTestOptions } from './options.ts'
import { planRun } from './plan.ts'
import { type IterationCompleted, type ResultSink, Runtime } from './runtime.ts'
import { loadScenarioModule } from './scenarioModule.ts'
import {
  type FromWorker,
  outcomeCode,
  phaseCode,
  RECORD_SIZE,
  type ToWorker,
  type WorkerStart,
} from './workerProtocol.ts'

const FLUSH_MS = 100
const FLUSH_RECORDS = 8192

class BatchSink implements ResultSink {
  private records: number[] = []
  private errors: string[] = []
  private drops: number[] = []

  started(): void {}

  readonly completed: IterationCompleted = (scenario, vu, phase, atMs, latencyMs, outcome) => {
    this.records.push(scenario, vu, phaseCode(phase), atMs, latencyMs, outcomeCode(outcome))
    if (!outcome.ok) this.errors.push(outcome.category, outcome.message)
    if (this.records.length >= FLUSH_RECORDS * RECORD_SIZE) this.flush()
  }

  dropped(scenario: number, phase: Phase): void {
    this.drops.push(scenario, phaseCode(phase))
  }

  flush(): void {
    if (this.records.length === 0 && this.drops.length === 0) return
    post({ type: 'batch', records: this.records, errors: this.errors, dropped: this.drops })
    this.records = []
    this.errors = []
    this.drops = []
  }
}

function post(message: FromWorker): void {
  parentPort?.postMessage(message)
}

async function main(start: WorkerStart): Promise<void> {
  const base = await loadScenarioModule(start.moduleUrl)
  const merged = { ...base, ...start.overrides } as LoadTestOptions
  const share = executorShare(merged.executor as Executor, start.index, start.count)
  const telemetry = createTelemetry({ service: 'ft-load-worker' })
  if (share === undefined) {
    post({ type: 'ready', scenarios: merged.scenarios.map((s) => s.name) })
    post({ type: 'done' })
    return
  }
  const plan = planRun({ ...merged, executor: share, thresholds: [], workers: 0 })
  const sink = new BatchSink()
  const rt = new Runtime({
    clock: systemClock,
    telemetry,
    plan,
    data: start.data,
    sink,
    worker: start.index + 1,
  })
  const go = new Promise<void>((resolve) => {
    parentPort?.on('message', (message: ToWorker) => {
      if (message.type === 'go') resolve()
      else if (message.type === 'stop') rt.stop('signal')
    })
  })
  post({ type: 'ready', scenarios: plan.scenarios.map((s) => s.name) })
  await go
  const flusher = setInterval(() => sink.flush(), FLUSH_MS)
  rt.begin(start.offsetMs)
  if (plan.profile.model === 'closed') await runClosedModel(rt)
  else await runOpenModel(rt)
  clearInterval(flusher)
  sink.flush()
  post({ type: 'done' })
  parentPort?.close()
}

main(workerData as WorkerStart).catch((error: unknown) => {
  post({ type: 'failed', message: error instanceof Error ? error.message : String(error) })
  parentPort?.close()
})
