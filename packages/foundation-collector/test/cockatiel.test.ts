import { waitForTelemetryEvent } from '@foundation-telemetry/testing'
import {
  BulkheadRejectedError,
  bulkhead,
  ConsecutiveBreaker,
  circuitBreaker,
  handleAll,
  retry,
  TimeoutStrategy,
  timeout,
  wrap,
} from 'cockatiel'
import { describe, expect, it } from 'vitest'
import { instrumentCockatiel } from '../src/cockatiel.ts'
import { harness } from './support.ts'

const failing = async (): Promise<string> => {
  throw new Error('flaky')
}

describe('instrumentCockatiel', () => {
  it('counts every attempt of a retry that exhausts, the first included, and the operation given up', async () => {
    const h = harness()
    const policy = retry(handleAll, { maxAttempts: 2 })
    instrumentCockatiel(h.t, policy, { name: 'fetch-profile' })
    const exhausted = waitForTelemetryEvent(h.t, 'foundation.retry.exhausted')
    const attempts: number[] = []
    h.t.attach('attempts', 'foundation.retry.attempt.exception', (_e, _m, md) =>
      attempts.push(md.attempt as number),
    )
    await expect(policy.execute(failing)).rejects.toThrow('flaky')
    const { metadata } = await exhausted
    expect(metadata).toMatchObject({ operation: 'fetch-profile', total_attempts: 3, final_error: 'flaky' })
    expect(attempts).toEqual([1, 2, 3])
    expect(h.value('foundation.retry.attempts', { operation: 'fetch-profile', outcome: 'failure' })).toBe(3)
    expect(h.value('foundation.retry.exhausted', { operation: 'fetch-profile' })).toBe(1)
    expect(h.collector.kpis().errorRate).toBe(1)
  })

  it('counts the failed attempts and the one that succeeded', async () => {
    const h = harness()
    const policy = retry(handleAll, { maxAttempts: 3 })
    instrumentCockatiel(h.t, policy, { name: 'lookup' })
    const backoff = waitForTelemetryEvent(h.t, 'foundation.retry.backoff')
    let n = 0
    await expect(
      policy.execute(async () => {
        if (++n < 2) throw new Error('once')
        return 'ok'
      }),
    ).resolves.toBe('ok')
    expect((await backoff).metadata).toMatchObject({ operation: 'lookup', attempt: 1 })
    expect(h.value('foundation.retry.attempts', { operation: 'lookup', outcome: 'failure' })).toBe(1)
    expect(h.value('foundation.retry.attempts', { operation: 'lookup', outcome: 'success' })).toBe(1)
    expect(h.collector.kpis().errorRate).toBe(0.5)
  })

  it('follows a breaker that trips, refuses, half-opens and closes', async () => {
    const h = harness()
    const breaker = circuitBreaker(handleAll, { halfOpenAfter: 0, breaker: new ConsecutiveBreaker(2) })
    instrumentCockatiel(h.t, breaker, { name: 'inventory' })
    expect(h.collector.kpis().circuitBreakerHealth).toBe(1)
    const opened = waitForTelemetryEvent(h.t, 'foundation.circuit_breaker.state_change', {
      metadata: { to: 'open' },
    })
    await expect(breaker.execute(failing)).rejects.toThrow('flaky')
    await expect(breaker.execute(failing)).rejects.toThrow('flaky')
    expect((await opened).metadata).toMatchObject({
      name: 'inventory',
      from: 'closed',
      reason: 'failure_threshold',
    })
    expect(h.collector.kpis().circuitBreakerHealth).toBe(0)

    const closed = waitForTelemetryEvent(h.t, 'foundation.circuit_breaker.state_change', {
      metadata: { to: 'closed' },
    })
    await expect(breaker.execute(async () => 'fine')).resolves.toBe('fine')
    expect((await closed).metadata).toMatchObject({ from: 'half_open' })
    expect(h.value('foundation.circuit_breaker.calls', { name: 'inventory', outcome: 'failure' })).toBe(2)
    expect(h.value('foundation.circuit_breaker.calls', { name: 'inventory', outcome: 'success' })).toBe(1)
    expect(h.value('foundation.circuit_breaker.opened', { name: 'inventory' })).toBe(1)
    expect(h.value('foundation.circuit_breaker.closed', { name: 'inventory' })).toBe(1)
    expect(h.collector.kpis().circuitBreakerHealth).toBe(1)

    breaker.isolate()
    const rejected = waitForTelemetryEvent(h.t, 'foundation.circuit_breaker.call.rejected', {
      metadata: { reason: 'isolated' },
    })
    await expect(breaker.execute(async () => 'x')).rejects.toThrow()
    await rejected
    expect(h.value('foundation.circuit_breaker.calls', { name: 'inventory', outcome: 'rejected' })).toBe(1)
  })

  it('walks wrap(...) so the inner policies are seen, with the attempt spans under the active span', async () => {
    const h = harness()
    const policy = wrap(
      retry(handleAll, { maxAttempts: 1 }),
      circuitBreaker(handleAll, { halfOpenAfter: 10_000, breaker: new ConsecutiveBreaker(5) }),
    )
    instrumentCockatiel(h.t, policy, { name: 'search' })
    const root = h.t.startSpan('request')
    await expect(h.t.withContext(root, () => policy.execute(failing))).rejects.toThrow('flaky')
    root.end()
    expect(h.value('foundation.retry.attempts', { operation: 'search' })).toBe(2)
    expect(h.value('foundation.circuit_breaker.calls', { name: 'search', outcome: 'failure' })).toBe(2)
    expect(h.value('foundation.retry.exhausted', { operation: 'search' })).toBe(1)
    const attempts = h.spans.filter((s) => s.name === 'foundation.retry.attempt')
    expect(attempts).toHaveLength(2)
    for (const span of attempts) expect(span.parentSpanId).toBe(root.spanContext().spanId)
  })

  it('reports bulkhead rejections and timeouts', async () => {
    const h = harness()
    const gate = bulkhead(1, 0)
    instrumentCockatiel(h.t, gate, { name: 'workers' })
    let release!: () => void
    const running = gate.execute(
      () =>
        new Promise<void>((resolve) => {
          release = resolve
        }),
    )
    await expect(gate.execute(async () => undefined)).rejects.toBeInstanceOf(BulkheadRejectedError)
    release()
    await running
    expect(h.value('foundation.bulkhead.rejected', { name: 'workers' })).toBe(1)

    const limit = timeout(1, TimeoutStrategy.Aggressive)
    instrumentCockatiel(h.t, limit, { name: 'render' })
    const timedOut = waitForTelemetryEvent(h.t, 'foundation.timeout')
    await expect(limit.execute(() => new Promise(() => {}))).rejects.toThrow()
    expect((await timedOut).metadata).toMatchObject({ operation: 'render' })
    expect(h.value('foundation.timeouts', { operation: 'render' })).toBe(1)
  })

  it('does not count twice, and dispose removes every subscription and restores execute', async () => {
    const h = harness()
    const inner = retry(handleAll, { maxAttempts: 1 })
    const policy = wrap(
      inner,
      circuitBreaker(handleAll, { halfOpenAfter: 10, breaker: new ConsecutiveBreaker(9) }),
    )
    const dispose = instrumentCockatiel(h.t, policy, { name: 'twice' })
    expect(instrumentCockatiel(h.t, policy, { name: 'twice' })).toBe(dispose)
    expect(instrumentCockatiel(h.t, inner, { name: 'twice' })).toBe(dispose)
    await policy.execute(async () => 'a')
    expect(h.value('foundation.retry.attempts', { operation: 'twice' })).toBe(1)
    dispose()
    expect(Object.hasOwn(inner, 'execute')).toBe(false)
    await policy.execute(async () => 'b')
    expect(h.value('foundation.retry.attempts', { operation: 'twice' })).toBe(1)
    // Disposed: instrumenting again attaches anew.
    instrumentCockatiel(h.t, inner, { name: 'twice' })
    await inner.execute(async () => 'c')
    expect(h.value('foundation.retry.attempts', { operation: 'twice' })).toBe(2)
  })

  it('reports a missing name and a non-policy once each, and never throws', () => {
    const h = harness()
    expect(() => instrumentCockatiel(h.t, retry(handleAll, { maxAttempts: 1 }), {} as never)()).not.toThrow()
    expect(() => instrumentCockatiel(h.t, 42 as never, { name: 'x' })()).not.toThrow()
    expect(h.errors.map((e) => [e.code, e.details.api])).toEqual([
      ['invalid_input', 'instrumentCockatiel'],
      ['invalid_input', 'instrumentCockatiel'],
    ])
  })
})
