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
import {
  describeError,
  type Span,
  type SpanContext,
  type Telemetry,
  TelemetryErrorCode,
} from '@foundation-telemetry/core'
import { failCall, type LiveCall, spanNames, startCall, stopCall } from './callSpan.ts'
import { hasMethods } from './hasMethods.ts'
import type { AdapterSpec, Dispose } from './instrumented.ts'
import { installOrReport, instrumentTarget, remember } from './instrumented.ts'
import { createOnceReporter } from './reportOnce.ts'

/** The event payload bottleneck passes about one job. */
export interface BottleneckJobInfo {
  readonly args?: readonly unknown[]
  readonly options?: { readonly id?: string; readonly priority?: number; readonly weight?: number }
  readonly retryCount?: number
}

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

const jobNames = spanNames('foundation.rate_limiter.job')
const DEFAULT_MAX_JOBS = 10_000

interface Job {
  /** The span active where the job was submitted. */
  parent?: Span | SpanContext | undefined
  run?: LiveCall | undefined
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

function attach(
  t: Telemetry,
  limiter: BottleneckLike,
  options: InstrumentBottleneckOptions,
  name: string,
): Dispose {
  const max = options.maxJobsInFlight ?? DEFAULT_MAX_JOBS
  const limit = typeof max === 'number' && max >= 1 ? Math.floor(max) : DEFAULT_MAX_JOBS
  const reporter = createOnceReporter(t)
  // Insertion order is age order: the first key is the oldest job.
  const jobs = new Map<object, Job>()
  const jobOf = (info: BottleneckJobInfo | undefined, create: boolean): Job | undefined => {
    const key = info?.options
    if (typeof key !== 'object' || key === null) return undefined
    let job = jobs.get(key)
    if (job === undefined && create) {
      if (jobs.size >= limit) {
        const oldest = jobs.keys().next().value
        if (oldest !== undefined) jobs.delete(oldest)
        reporter.report(
          'jobs:limit',
          TelemetryErrorCode.DATA_DROPPED,
          `${name}: too many jobs in flight to time`,
          {
            source: 'instrumentBottleneck',
            reason: `more than ${limit} jobs in flight`,
          },
        )
      }
      job = {}
      jobs.set(key, job)
    }
    return job
  }
  const idOf = (info: BottleneckJobInfo | undefined) => {
    const id = info?.options?.id
    return typeof id === 'string' && id !== '<no-id>' ? id : undefined
  }
  const queued = () => {
    try {
      const counts = limiter.counts()
      return { queued: counts.QUEUED ?? 0, running: (counts.RUNNING ?? 0) + (counts.EXECUTING ?? 0) }
    } catch {
      return {}
    }
  }
  const finish = (info: BottleneckJobInfo | undefined, error?: { error: unknown }) => {
    const key = info?.options
    if (typeof key !== 'object' || key === null) return
    const job = jobs.get(key)
    // A failed run may be retried (a number returned from a `failed` listener): the job stays
    // known until `done`, which bottleneck also sends after a final failure.
    if (error === undefined) jobs.delete(key)
    if (job?.run === undefined) return
    const run = job.run
    job.run = undefined
    if (error === undefined) stopCall(t, jobNames, run)
    else failCall(t, jobNames, run, error.error)
  }

  const listeners: Record<string, (...args: never[]) => undefined> = {
    received(info: BottleneckJobInfo) {
      const job = jobOf(info, true)
      if (job !== undefined) job.parent = t.activeSpan()
    },
    queued(info: BottleneckJobInfo) {
      t.execute('foundation.rate_limiter.queued', queued(), { limiter: name, job_id: idOf(info) })
    },
    executing(info: BottleneckJobInfo) {
      if ((info?.retryCount ?? 0) === 0) t.execute('foundation.rate_limiter.allowed', {}, { limiter: name })
      const job = jobOf(info, true)
      if (job === undefined) return
      job.run = startCall(t, jobNames, { limiter: name, job_id: idOf(info) }, job.parent ?? null)
    },
    done(info: BottleneckJobInfo) {
      finish(info)
    },
    failed(error: unknown, info: BottleneckJobInfo) {
      finish(info, { error })
    },
    dropped(info: BottleneckJobInfo) {
      const key = info?.options
      if (typeof key === 'object' && key !== null) jobs.delete(key)
      t.execute('foundation.rate_limiter.throttled', {}, { limiter: name })
    },
    depleted() {
      t.execute('foundation.rate_limiter.depleted', {}, { limiter: name })
    },
  }
  // Each listener returns undefined: bottleneck reads a `failed` listener's return value as a
  // retry delay, and ours must never ask for one.
  const wrapped: Record<string, (...args: unknown[]) => undefined> = {}
  for (const [event, listener] of Object.entries(listeners)) {
    wrapped[event] = (...args: unknown[]) => {
      try {
        ;(listener as (...a: unknown[]) => void)(...args)
      } catch (error) {
        reporter.report(
          `listener:${event}`,
          TelemetryErrorCode.HANDLER_FAILURE,
          `${name}: ${event} listener failed`,
          {
            source: 'instrumentBottleneck',
            error: describeError(error).message,
          },
        )
      }
      return undefined
    }
  }
  installOrReport(t, BOTTLENECK.api, limiter, () => {
    for (const [event, listener] of Object.entries(wrapped)) limiter.on(event, listener)
  })
  return remember(t, limiter, () => {
    removeListeners(limiter, wrapped)
    jobs.clear()
  })
}
