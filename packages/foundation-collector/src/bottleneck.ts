/**
 * `instrumentBottleneck`: a bottleneck 2.19 limiter's events as the taxonomy's rate-limiter
 * events. `queued` becomes `foundation.rate_limiter.queued`, the first `executing` of a job
 * `foundation.rate_limiter.allowed`, `dropped` `foundation.rate_limiter.throttled`, `depleted`
 * `foundation.rate_limiter.depleted`, and each run of a job, from `executing` to `done` or
 * `failed`, a `foundation.rate_limiter.job` span.
 *
 * bottleneck's events carry no duration, so the adapter times each run itself. Jobs are told
 * apart by their options object (shared by every event of one job, unlike `options.id`, which
 * defaults to the same `<no-id>` for every job). The jobs in flight are bounded: past
 * `maxJobsInFlight`, the oldest is forgotten (its run is not reported) and the loss is reported
 * once, so a job that never finishes cannot grow memory without limit. The span of a run is a
 * child of the span that was active where the job was submitted (`received`).
 */
import type { Telemetry } from '@foundation-telemetry/core'
import { type BottleneckJobInfo, BottleneckJobs, jobIdOf, jobLimit } from './bottleneckJobs.ts'
import { type AdapterListener, guardListeners } from './guardedListener.ts'
import { hasMethods } from './hasMethods.ts'
import type { AdapterSpec, Dispose } from './instrumented.ts'
import { installOrReport, instrumentTarget, remember } from './instrumented.ts'
import { createOnceReporter } from './reportOnce.ts'

export type { BottleneckJobInfo }

/** The parts of a bottleneck `Bottleneck` limiter the adapter uses. */
export interface BottleneckLike {
  // biome-ignore lint/suspicious/noExplicitAny: bottleneck's listeners take any arguments
  on(event: string, listener: (...args: any[]) => any): unknown
  counts(): { readonly QUEUED?: number; readonly RUNNING?: number; readonly EXECUTING?: number }
  // biome-ignore lint/suspicious/noExplicitAny: schedule is generic over the job
  schedule(...args: any[]): Promise<any>
}

/** Options of {@link instrumentBottleneck}. */
export interface InstrumentBottleneckOptions {
  /** The limiter's name in metrics (`limiter` tag). Required. */
  name: string
  /** Jobs timed at once before the oldest is forgotten. Defaults to 10 000. */
  maxJobsInFlight?: number
}

function isLimiter(value: unknown): value is BottleneckLike {
  return hasMethods(value, ['on', 'counts', 'schedule'])
}

/** bottleneck has no way to remove one listener; its emitter keeps them in `Events._events`. */
function removeListeners(limiter: object, listeners: Readonly<Record<string, unknown>>): void {
  const table = (limiter as { Events?: { _events?: Record<string, Array<{ cb: unknown; status: string }>> } })
    .Events?._events
  if (table === undefined) return
  for (const [event, cb] of Object.entries(listeners)) {
    const list = table[event]
    if (!Array.isArray(list)) continue
    for (const entry of list) if (entry.cb === cb) entry.status = 'none'
    table[event] = list.filter((entry) => entry.cb !== cb)
  }
}

/**
 * Report `limiter`'s queueing, admissions, drops, reservoir depletion and job runs through `t` as
 * the taxonomy's rate-limiter events, which the Foundation collector records. Returns a function
 * that removes every listener it added. Instrumenting the same limiter again returns the same
 * function. Never throws: anything that is not a bottleneck limiter, or a missing name, is
 * reported and left alone.
 *
 * @example
 * ```ts
 * import Bottleneck from 'bottleneck'
 * import { instrumentBottleneck } from '@foundation-telemetry/foundation-collector/bottleneck'
 *
 * const limiter = new Bottleneck({ maxConcurrent: 2, minTime: 100 })
 * const dispose = instrumentBottleneck(t, limiter, { name: 'openai' })
 * ```
 */
export function instrumentBottleneck(
  t: Telemetry,
  limiter: BottleneckLike,
  options: InstrumentBottleneckOptions,
): Dispose {
  return instrumentTarget(t, limiter, options, BOTTLENECK)
}

const BOTTLENECK: AdapterSpec<BottleneckLike, InstrumentBottleneckOptions> = {
  api: 'instrumentBottleneck',
  accepts: isLimiter,
  notTarget: 'not a bottleneck limiter',
  noName: 'options.name is required (a non-empty string)',
  attach,
}

/** The limiter's queued and running jobs now, for `queued`; none when they cannot be read. */
function countsOf(limiter: BottleneckLike): { queued?: number; running?: number } {
  try {
    const counts = limiter.counts()
    return { queued: counts.QUEUED ?? 0, running: (counts.RUNNING ?? 0) + (counts.EXECUTING ?? 0) }
  } catch {
    return {}
  }
}

/** The listeners for limiter `name`, by bottleneck event name. */
function bottleneckListeners(
  t: Telemetry,
  limiter: BottleneckLike,
  name: string,
  jobs: BottleneckJobs,
): Record<string, AdapterListener> {
  return {
    received: (info: BottleneckJobInfo) => jobs.received(info),
    queued(info: BottleneckJobInfo) {
      t.execute('foundation.rate_limiter.queued', countsOf(limiter), { limiter: name, job_id: jobIdOf(info) })
    },
    executing(info: BottleneckJobInfo) {
      if ((info?.retryCount ?? 0) === 0) t.execute('foundation.rate_limiter.allowed', {}, { limiter: name })
      jobs.executing(info)
    },
    done: (info: BottleneckJobInfo) => jobs.finish(info),
    failed: (error: unknown, info: BottleneckJobInfo) => jobs.finish(info, { error }),
    dropped(info: BottleneckJobInfo) {
      jobs.dropped(info)
      t.execute('foundation.rate_limiter.throttled', {}, { limiter: name })
    },
    depleted() {
      t.execute('foundation.rate_limiter.depleted', {}, { limiter: name })
    },
  }
}

function attach(
  t: Telemetry,
  limiter: BottleneckLike,
  options: InstrumentBottleneckOptions,
  name: string,
): Dispose {
  const limit = jobLimit(options.maxJobsInFlight)
  const reporter = createOnceReporter(t)
  const jobs = new BottleneckJobs(t, { name, limit, reporter })
  const listeners = guardListeners(
    bottleneckListeners(t, limiter, name, jobs),
    name,
    BOTTLENECK.api,
    reporter,
  )
  installOrReport(t, BOTTLENECK.api, limiter, () => {
    for (const [event, listener] of Object.entries(listeners)) limiter.on(event, listener)
  })
  return remember(t, limiter, () => {
    removeListeners(limiter, listeners)
    jobs.clear()
  })
}
