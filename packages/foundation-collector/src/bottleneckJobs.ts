/**
 * The bottleneck adapter's jobs in flight, each timed from `executing` to `done` or `failed` as a
 * `foundation.rate_limiter.job` span. bottleneck's events carry no duration and no job id of use
 * (`options.id` defaults to the same `<no-id>` for every job), so jobs are told apart by their
 * options object, shared by every event of one job. The jobs are bounded: past the limit the
 * oldest is forgotten (its run is not reported) and the loss is reported once.
 */
import { type Span, type SpanContext, type Telemetry, TelemetryErrorCode } from '@foundation-telemetry/core'
import { failCall, type LiveCall, spanNames, startCall, stopCall } from './callSpan.ts'
import type { OnceReporter } from './reportOnce.ts'

/** The event payload bottleneck passes about one job. */
export interface BottleneckJobInfo {
  readonly args?: readonly unknown[]
  readonly options?: { readonly id?: string; readonly priority?: number; readonly weight?: number }
  readonly retryCount?: number
}

/** Jobs timed at once when no limit is given. */
export const DEFAULT_MAX_JOBS = 10_000

const jobNames = spanNames('foundation.rate_limiter.job')

interface Job {
  /** The span active where the job was submitted. */
  parent?: Span | SpanContext | undefined
  run?: LiveCall | undefined
}

/** The `maxJobsInFlight` option as a limit: a whole number of at least 1, else the default. */
export function jobLimit(max: unknown): number {
  return typeof max === 'number' && max >= 1 ? Math.floor(max) : DEFAULT_MAX_JOBS
}

/** The job's own id, when it was given one. */
export function jobIdOf(info: BottleneckJobInfo | undefined): string | undefined {
  const id = info?.options?.id
  return typeof id === 'string' && id !== '<no-id>' ? id : undefined
}

/** What tells a job's events apart: its options object, if the event has one. */
function keyOf(info: BottleneckJobInfo | undefined): object | undefined {
  const key = info?.options
  return typeof key === 'object' && key !== null ? key : undefined
}

/** What one limiter's jobs are timed for. */
export interface JobsSettings {
  /** The limiter's name, in the jobs' metadata and the report of a loss. */
  readonly name: string
  /** Jobs known at once; past it the oldest is forgotten. */
  readonly limit: number
  /** Reports the first loss only. */
  readonly reporter: OnceReporter
}

/** One limiter's jobs in flight, by options object; each method is the bottleneck event. */
export class BottleneckJobs {
  /** Insertion order is age order: the first key is the oldest job. */
  private readonly jobs = new Map<object, Job>()
  private readonly t: Telemetry
  private readonly settings: JobsSettings

  constructor(t: Telemetry, settings: JobsSettings) {
    this.t = t
    this.settings = settings
  }

  /** How many jobs are known. */
  get size(): number {
    return this.jobs.size
  }

  /** A job submitted: it runs under the span active here. */
  received(info: BottleneckJobInfo | undefined): void {
    const job = this.track(info)
    if (job !== undefined) job.parent = this.t.activeSpan()
  }

  /** A run of the job starts: its span, a child of the span it was submitted under. */
  executing(info: BottleneckJobInfo | undefined): void {
    const job = this.track(info)
    if (job === undefined) return
    const metadata = { limiter: this.settings.name, job_id: jobIdOf(info) }
    job.run = startCall(this.t, jobNames, metadata, job.parent ?? null)
  }

  /**
   * The run ends, failed with `error` or done. A failed run may be retried (a number returned
   * from a `failed` listener): the job stays known until `done`, which bottleneck also sends
   * after a final failure.
   */
  finish(info: BottleneckJobInfo | undefined, error?: { error: unknown }): void {
    const key = keyOf(info)
    if (key === undefined) return
    const job = this.jobs.get(key)
    if (error === undefined) this.jobs.delete(key)
    if (job?.run === undefined) return
    const run = job.run
    job.run = undefined
    if (error === undefined) stopCall(this.t, jobNames, run)
    else failCall(this.t, jobNames, run, error.error)
  }

  /** The job will not run: forgotten. */
  dropped(info: BottleneckJobInfo | undefined): void {
    const key = keyOf(info)
    if (key !== undefined) this.jobs.delete(key)
  }

  /** Forget every job. */
  clear(): void {
    this.jobs.clear()
  }

  /** `info`'s job, known from now on; past the limit the oldest job is forgotten first. */
  private track(info: BottleneckJobInfo | undefined): Job | undefined {
    const key = keyOf(info)
    if (key === undefined) return undefined
    let job = this.jobs.get(key)
    if (job === undefined) {
      if (this.jobs.size >= this.settings.limit) this.forgetOldest()
      job = {}
      this.jobs.set(key, job)
    }
    return job
  }

  private forgetOldest(): void {
    const oldest = this.jobs.keys().next().value
    if (oldest !== undefined) this.jobs.delete(oldest)
    const { name, limit, reporter } = this.settings
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
}
