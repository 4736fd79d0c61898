import { createTelemetry, type Metadata, type TelemetryError } from '@foundation-telemetry/core'
import { describe, expect, it } from 'vitest'
import { recordSpans } from '../test/support.ts'
import { BottleneckJobs, DEFAULT_MAX_JOBS, jobIdOf, jobLimit } from './bottleneckJobs.ts'
import { createOnceReporter } from './reportOnce.ts'

function setUp(limit = 10) {
  const errors: TelemetryError[] = []
  const t = createTelemetry({ env: {}, onError: (e) => errors.push(e) })
  const spans = recordSpans(t)
  const events: Array<[string, Metadata]> = []
  t.attach('test', 'foundation.rate_limiter.job.*', (event, _measurements, metadata) => {
    events.push([event, metadata])
  })
  const jobs = new BottleneckJobs(t, { name: 'llm', limit, reporter: createOnceReporter(t) })
  return { t, spans, events, errors, jobs }
}

/** One job's event payload: bottleneck passes the same options object with every event of a job. */
const job = (id?: string) => ({ options: id === undefined ? {} : { id } })

describe('BottleneckJobs', () => {
  it('times a run from executing to done, as a child of the span the job was received under', () => {
    const { t, spans, events, jobs } = setUp()
    const info = job('job-1')
    const root = t.startSpan('request')
    t.withContext(root, () => jobs.received(info))
    jobs.executing(info)
    jobs.finish(info)
    jobs.finish(info)
    expect(events.map(([event, metadata]) => [event, metadata.limiter, metadata.job_id])).toEqual([
      ['foundation.rate_limiter.job.start', 'llm', 'job-1'],
      ['foundation.rate_limiter.job.stop', 'llm', 'job-1'],
    ])
    expect(spans[0]?.parentSpanId).toBe(root.spanContext().spanId)
    expect(jobs.size).toBe(0)
  })

  it('keeps a failed job known until done, so a retried run is timed too', () => {
    const { events, jobs } = setUp()
    const info = job()
    jobs.executing(info)
    jobs.finish(info, { error: new Error('job broke') })
    expect(jobs.size).toBe(1)
    jobs.executing(info)
    jobs.finish(info)
    expect(events.map(([event, metadata]) => [event, metadata.reason])).toEqual([
      ['foundation.rate_limiter.job.start', undefined],
      ['foundation.rate_limiter.job.exception', 'job broke'],
      ['foundation.rate_limiter.job.start', undefined],
      ['foundation.rate_limiter.job.stop', undefined],
    ])
    expect(jobs.size).toBe(0)
  })

  it('forgets the oldest job past the limit and reports the loss once', () => {
    const { events, errors, jobs } = setUp(2)
    const [a, b, c, d] = [job('a'), job('b'), job('c'), job('d')]
    for (const info of [a, b, c, d]) jobs.received(info)
    expect(jobs.size).toBe(2)
    expect(errors.map((e) => [e.code, e.details.reason])).toEqual([
      ['data_dropped', 'more than 2 jobs in flight'],
    ])
    jobs.executing(a)
    jobs.finish(a)
    expect(events.map(([event]) => event)).toEqual([
      'foundation.rate_limiter.job.start',
      'foundation.rate_limiter.job.stop',
    ])
  })

  it('ignores events without an options object, and forgets dropped jobs and all on clear', () => {
    const { events, jobs } = setUp()
    jobs.received(undefined)
    jobs.executing({})
    jobs.finish(undefined)
    expect(events).toEqual([])
    jobs.received(job('x'))
    const dropped = job('y')
    jobs.received(dropped)
    jobs.dropped(dropped)
    expect(jobs.size).toBe(1)
    jobs.clear()
    expect(jobs.size).toBe(0)
  })
})

describe('jobLimit and jobIdOf', () => {
  it('takes a whole limit of at least 1, else the default', () => {
    expect([2.7, 1, 0, -3, Number.NaN, '5', undefined].map(jobLimit)).toEqual([
      2,
      1,
      DEFAULT_MAX_JOBS,
      DEFAULT_MAX_JOBS,
      DEFAULT_MAX_JOBS,
      DEFAULT_MAX_JOBS,
      DEFAULT_MAX_JOBS,
    ])
  })

  it("reads a job's own id, not bottleneck's <no-id> default", () => {
    expect([job('job-1'), job('<no-id>'), job(), undefined].map(jobIdOf)).toEqual([
      'job-1',
      undefined,
      undefined,
      undefined,
    ])
  })
})
