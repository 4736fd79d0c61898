import { waitForTelemetryEvent } from '@foundation-telemetry/testing'
import Bottleneck from 'bottleneck'
import { describe, expect, it } from 'vitest'
import { instrumentBottleneck } from '../src/bottleneck.ts'
import { harness } from './support.ts'

/** Resolves on the limiter's own event (bottleneck's emitter is not a Node EventEmitter). */
const next = (limiter: Bottleneck, event: string) =>
  new Promise<unknown[]>((resolve) => limiter.once(event as 'idle', (...args: unknown[]) => resolve(args)))

function deferred() {
  let resolve!: () => void
  const promise = new Promise<void>((r) => {
    resolve = r
  })
  return { promise, resolve }
}

describe('instrumentBottleneck', () => {
  it('counts queued and admitted jobs and times each run from executing to done', async () => {
    const h = harness()
    const limiter = new Bottleneck({ maxConcurrent: 1 })
    instrumentBottleneck(h.t, limiter, { name: 'llm' })
    const idle = next(limiter, 'idle')
    const results = await Promise.all([1, 2, 3].map((n) => limiter.schedule(async () => n * 2)))
    await idle
    expect(results).toEqual([2, 4, 6])
    expect(h.value('foundation.rate_limiter.allowed', { limiter: 'llm' })).toBe(3)
    expect(h.value('foundation.rate_limiter.queued', { limiter: 'llm' })).toBe(3)
    expect(h.count('foundation.rate_limiter.job_duration', { limiter: 'llm', outcome: 'success' })).toBe(3)
  })

  it('reports a failed job as a failed run, under the span that submitted it', async () => {
    const h = harness()
    const limiter = new Bottleneck({ maxConcurrent: 2 })
    instrumentBottleneck(h.t, limiter, { name: 'jobs' })
    const failed = waitForTelemetryEvent(h.t, 'foundation.rate_limiter.job.exception')
    const root = h.t.startSpan('request')
    await expect(
      h.t.withContext(root, () =>
        limiter.schedule({ id: 'job-1' }, async () => {
          throw new Error('job broke')
        }),
      ),
    ).rejects.toThrow('job broke')
    root.end()
    const { metadata } = await failed
    expect(metadata).toMatchObject({ limiter: 'jobs', job_id: 'job-1', reason: 'job broke' })
    expect(metadata.parent_span_id).toBe(root.spanContext().spanId)
    expect(h.count('foundation.rate_limiter.job_duration', { limiter: 'jobs', outcome: 'failure' })).toBe(1)
  })

  it('counts dropped jobs as throttled and reservoir depletion', async () => {
    const h = harness()
    const gate = deferred()
    const limiter = new Bottleneck({ maxConcurrent: 1, highWater: 0, strategy: Bottleneck.strategy.OVERFLOW })
    instrumentBottleneck(h.t, limiter, { name: 'strict' })
    const first = limiter.schedule(() => gate.promise)
    const dropped = next(limiter, 'dropped')
    await expect(limiter.schedule(async () => 'never')).rejects.toThrow()
    await dropped
    gate.resolve()
    await first
    expect(h.value('foundation.rate_limiter.throttled', { limiter: 'strict' })).toBe(1)

    const metered = new Bottleneck({ reservoir: 1 })
    instrumentBottleneck(h.t, metered, { name: 'metered' })
    const depleted = next(metered, 'depleted')
    await metered.schedule(async () => 'only one')
    await depleted
    expect(h.value('foundation.rate_limiter.depleted', { limiter: 'metered' })).toBe(1)
  })

  it('forgets the oldest job past maxJobsInFlight and reports it once', async () => {
    const h = harness()
    const gate = deferred()
    const limiter = new Bottleneck({ maxConcurrent: 3 })
    instrumentBottleneck(h.t, limiter, { name: 'bounded', maxJobsInFlight: 2 })
    const executing: Promise<unknown>[] = []
    let started = 0
    const all = new Promise<void>((resolve) =>
      limiter.on('executing', () => {
        if (++started === 3) resolve()
      }),
    )
    for (let i = 0; i < 3; i++) executing.push(limiter.schedule(() => gate.promise))
    await all
    expect(h.errors.map((e) => e.code)).toEqual(['data_dropped'])
    const idle = next(limiter, 'idle')
    gate.resolve()
    await Promise.all(executing)
    await idle
    expect(h.count('foundation.rate_limiter.job_duration', { limiter: 'bounded' })).toBe(2)
  })

  it('does not count twice, and dispose removes every listener it added', async () => {
    const h = harness()
    const limiter = new Bottleneck()
    const events = ['received', 'queued', 'executing', 'done', 'failed', 'dropped', 'depleted']
    const listenerCount = (e: string) =>
      (limiter as unknown as { Events: { listenerCount(e: string): number } }).Events.listenerCount(e)
    const dispose = instrumentBottleneck(h.t, limiter, { name: 'once' })
    expect(instrumentBottleneck(h.t, limiter, { name: 'once' })).toBe(dispose)
    await limiter.schedule(async () => 1)
    expect(h.value('foundation.rate_limiter.allowed', { limiter: 'once' })).toBe(1)
    dispose()
    expect(events.map(listenerCount)).toEqual(events.map(() => 0))
    await limiter.schedule(async () => 2)
    expect(h.value('foundation.rate_limiter.allowed', { limiter: 'once' })).toBe(1)
  })

  it('reports a missing name and a non-limiter, and never throws', () => {
    const h = harness()
    expect(() => instrumentBottleneck(h.t, new Bottleneck(), {} as never)()).not.toThrow()
    expect(() => instrumentBottleneck(h.t, new Map() as never, { name: 'x' })()).not.toThrow()
    expect(h.errors.map((e) => [e.code, e.details.api, e.details.object])).toEqual([
      ['invalid_input', 'instrumentBottleneck', 'Bottleneck'],
      ['invalid_input', 'instrumentBottleneck', 'Map'],
    ])
  })
})
