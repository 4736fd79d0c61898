import { once } from 'node:events'
import { createTelemetry } from '@foundation-telemetry/core'
import { waitForTelemetryEvent } from '@foundation-telemetry/testing'
import CircuitBreaker from 'opossum'
import { afterEach, describe, expect, it } from 'vitest'
import { instrumentOpossum } from '../src/opossum.ts'
import { type Harness, harness, recordSpans } from './support.ts'

const breakers: CircuitBreaker[] = []
function breaker<TArgs extends unknown[], TResult>(
  action: (...args: TArgs) => Promise<TResult>,
  options: CircuitBreaker.Options = {},
): CircuitBreaker<TArgs, TResult> {
  const b = new CircuitBreaker(action, {
    resetTimeout: 5,
    volumeThreshold: 1,
    errorThresholdPercentage: 50,
    ...options,
  })
  breakers.push(b as never)
  return b
}

/** A breaker whose call waits until `release()` resolves it with `value`. */
function heldBreaker(value: string, options: CircuitBreaker.Options) {
  let release!: () => void
  const b = breaker(
    () =>
      new Promise<string>((resolve) => {
        release = () => resolve(value)
      }),
    options,
  )
  return { b, release: () => release() }
}

afterEach(() => {
  for (const b of breakers.splice(0)) b.shutdown()
})

const ok = async (value: string) => value
const boom = async (_value: string): Promise<string> => {
  throw new Error('downstream down')
}

describe('instrumentOpossum', () => {
  let h: Harness

  it('counts successes, failures and rejections, and the breaker tripping and closing again', async () => {
    h = harness()
    let fail = true
    const b = breaker(
      async (v: string) => {
        if (fail) throw new Error('downstream down')
        return v
      },
      { name: 'payments' },
    )
    instrumentOpossum(h.t, b)
    expect(h.collector.kpis().circuitBreakerHealth).toBe(1)

    const opened = once(b, 'open')
    await expect(b.fire('a')).rejects.toThrow('downstream down')
    await opened
    await expect(b.fire('b')).rejects.toThrow('Breaker is open')
    expect(h.collector.kpis().circuitBreakerHealth).toBe(0)
    expect(h.value('foundation.circuit_breaker.state', { name: 'payments' })).toBe(1)

    const halfOpen = once(b, 'halfOpen')
    await halfOpen
    expect(h.value('foundation.circuit_breaker.state', { name: 'payments' })).toBe(0.5)
    fail = false
    const closed = waitForTelemetryEvent(h.t, 'foundation.circuit_breaker.state_change', {
      metadata: { name: 'payments', to: 'closed' },
    })
    await expect(b.fire('c')).resolves.toBe('c')
    const { metadata } = await closed
    expect(metadata).toMatchObject({ from: 'half_open', reason: 'trial_succeeded' })

    expect(h.value('foundation.circuit_breaker.calls', { name: 'payments', outcome: 'failure' })).toBe(1)
    expect(h.value('foundation.circuit_breaker.calls', { name: 'payments', outcome: 'rejected' })).toBe(1)
    expect(h.value('foundation.circuit_breaker.calls', { name: 'payments', outcome: 'success' })).toBe(1)
    expect(h.count('foundation.circuit_breaker.latency', { name: 'payments' })).toBe(2)
    expect(h.value('foundation.circuit_breaker.opened', { name: 'payments' })).toBe(1)
    expect(h.value('foundation.circuit_breaker.closed', { name: 'payments' })).toBe(1)
    expect(h.value('foundation.circuit_breaker.state', { name: 'payments' })).toBe(0)
    expect(h.collector.kpis().circuitBreakerHealth).toBe(1)
    expect(h.errors).toEqual([])
  })

  it('runs the action inside the call span, so its spans are children of the breaker call', async () => {
    h = harness()
    const b = breaker(async (v: string) =>
      h.t.span('foundation.retry.attempt', { operation: 'lookup', attempt: 1 }, async () => v),
    )
    instrumentOpossum(h.t, b, { name: 'lookup' })
    const stop = waitForTelemetryEvent(h.t, 'foundation.circuit_breaker.call.stop')
    const root = h.t.startSpan('request')
    await h.t.withContext(root, () => b.fire('x'))
    root.end()
    // The call's events name the active span as its parent too.
    expect((await stop).metadata).toMatchObject({
      trace_id: root.spanContext().traceId,
      parent_span_id: root.spanContext().spanId,
    })
    const call = h.spans.find((s) => s.name === 'foundation.circuit_breaker.call')
    const attempt = h.spans.find((s) => s.name === 'foundation.retry.attempt')
    expect(call?.parentSpanId).toBe(root.spanContext().spanId)
    expect(attempt?.parentSpanId).toBe(call?.spanContext.spanId)
    expect(call?.spanContext.traceId).toBe(root.spanContext().traceId)
  })

  it('emits start and stop with the trace ids and a duration from the telemetry clock', async () => {
    h = harness()
    const b = breaker(ok, { name: 'search' })
    instrumentOpossum(h.t, b)
    const start = waitForTelemetryEvent(h.t, 'foundation.circuit_breaker.call.start')
    const stop = waitForTelemetryEvent(h.t, 'foundation.circuit_breaker.call.stop')
    await b.fire('q')
    const [s, e] = await Promise.all([start, stop])
    expect(s.metadata).toMatchObject({ name: 'search', state: 'closed' })
    expect(e.metadata.span_id).toBe(s.metadata.span_id)
    expect(e.metadata.trace_id).toMatch(/^[0-9a-f]{32}$/)
    expect(e.measurements.duration).toBeGreaterThanOrEqual(0)
    expect(s.measurements.system_time).toBeGreaterThan(0)
  })

  it('makes no call span when nothing records spans or listens to calls, and still reports refusals', async () => {
    const t = createTelemetry({ env: {} })
    const rejected: unknown[] = []
    t.attach('rejected', 'foundation.circuit_breaker.call.rejected', (_e, _m, metadata) => {
      rejected.push(metadata.reason)
    })
    const seen: Array<string | undefined> = []
    const b = breaker(async () => {
      seen.push(t.activeSpan()?.spanContext().spanId)
    })
    instrumentOpossum(t, b, { name: 'quiet' })
    const root = t.startSpan('request')
    await t.withContext(root, () => b.fire())
    expect(seen).toEqual([root.spanContext().spanId])

    const spans = recordSpans(t)
    await t.withContext(root, () => b.fire())
    expect(seen[1]).not.toBe(root.spanContext().spanId)
    expect(spans.map((s) => s.name)).toEqual(['foundation.circuit_breaker.call'])

    b.open()
    await expect(b.fire()).rejects.toThrow('Breaker is open')
    expect(rejected).toEqual(['open'])
  })

  it('reports a timeout as a failed call marked timeout', async () => {
    h = harness()
    const { b, release } = heldBreaker('late', { name: 'slow', timeout: 5 })
    instrumentOpossum(h.t, b)
    const failed = waitForTelemetryEvent(h.t, 'foundation.circuit_breaker.call.exception')
    await expect(b.fire()).rejects.toThrow('Timed out')
    const { metadata } = await failed
    expect(metadata).toMatchObject({ name: 'slow', timeout: true })
    release()
    expect(h.value('foundation.circuit_breaker.calls', { name: 'slow', outcome: 'failure' })).toBe(1)
  })

  it('counts a call refused by the concurrency limit as rejected, not failed', async () => {
    h = harness()
    const { b, release } = heldBreaker('done', { name: 'narrow', capacity: 1, errorThresholdPercentage: 100 })
    instrumentOpossum(h.t, b)
    const first = b.fire()
    const locked = once(b, 'semaphoreLocked')
    const second = b.fire()
    await locked
    await expect(second).rejects.toThrow('Semaphore locked')
    release()
    await first
    expect(h.value('foundation.circuit_breaker.calls', { name: 'narrow', outcome: 'rejected' })).toBe(1)
    expect(h.value('foundation.circuit_breaker.calls', { name: 'narrow', outcome: 'success' })).toBe(1)
    expect(h.value('foundation.circuit_breaker.calls', { name: 'narrow', outcome: 'failure' })).toBe(0)
  })

  it('counts an error the errorFilter lets through as a success, and fallbacks', async () => {
    h = harness()
    const b = breaker(boom, { name: 'filtered', errorFilter: () => true })
    instrumentOpossum(h.t, b)
    await expect(b.fire('x')).rejects.toThrow('downstream down')
    expect(h.value('foundation.circuit_breaker.calls', { name: 'filtered', outcome: 'success' })).toBe(1)

    const withFallback = breaker(boom, { name: 'fallback' })
    withFallback.fallback(() => 'cached answer')
    instrumentOpossum(h.t, withFallback)
    await expect(withFallback.fire('x')).resolves.toBe('cached answer')
    expect(h.value('foundation.circuit_breaker.fallbacks', { name: 'fallback' })).toBe(1)
    expect(h.value('foundation.circuit_breaker.calls', { name: 'fallback', outcome: 'failure' })).toBe(1)
  })

  it('does not count twice when instrumented twice, and dispose removes every listener', async () => {
    h = harness()
    const b = breaker(ok, { name: 'twice' })
    const events = ['fire', 'success', 'failure', 'reject', 'open', 'close', 'halfOpen', 'timeout']
    const before = events.map((e) => b.listenerCount(e))
    const dispose = instrumentOpossum(h.t, b)
    expect(instrumentOpossum(h.t, b)).toBe(dispose)
    await b.fire('a')
    expect(h.value('foundation.circuit_breaker.calls', { name: 'twice' })).toBe(1)
    dispose()
    expect(events.map((e) => b.listenerCount(e))).toEqual(before)
    expect(Object.hasOwn(b, 'call')).toBe(false)
    await b.fire('b')
    expect(h.value('foundation.circuit_breaker.calls', { name: 'twice' })).toBe(1)
  })

  it('never lets a listener of ours break fire(): a result it cannot inspect is reported once', async () => {
    h = harness()
    // A Proxy whose prototype cannot be read makes `instanceof` throw inside our success listener,
    // which opossum calls from the promise chain of fire(): unguarded, fire() would reject.
    const proxy = new Proxy(
      {},
      {
        getPrototypeOf() {
          throw new Error('no prototype')
        },
      },
    )
    const b = breaker(async () => proxy, { name: 'payments' })
    instrumentOpossum(h.t, b)
    await expect(b.fire()).resolves.toBe(proxy)
    await expect(b.fire()).resolves.toBe(proxy)
    expect(h.errors.map((e) => [e.code, e.message, e.details.source])).toEqual([
      ['handler_failure', 'payments: success listener failed', 'instrumentOpossum'],
    ])
  })

  it('reports something that is not a breaker once and never throws', () => {
    h = harness()
    const dispose = instrumentOpossum(h.t, { name: 'fake' } as never)
    expect(() => dispose()).not.toThrow()
    expect(h.errors).toHaveLength(1)
    expect(h.errors[0]?.code).toBe('invalid_input')
    expect(h.errors[0]?.details.api).toBe('instrumentOpossum')
  })
})
