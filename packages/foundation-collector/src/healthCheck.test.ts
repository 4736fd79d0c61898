import { createManualClock } from '@foundation-telemetry/core'
import { flushMicrotasks } from '@foundation-telemetry/testing'
import { describe, expect, it } from 'vitest'
import { normaliseCheckResult, runHealthCheck } from './healthCheck.ts'

describe('normaliseCheckResult', () => {
  it('takes a status, or a status with object details, and nothing else', () => {
    expect(normaliseCheckResult('degraded')).toEqual({ status: 'degraded' })
    expect(normaliseCheckResult({ status: 'healthy', details: { replicas: 2 } })).toEqual({
      status: 'healthy',
      details: { replicas: 2 },
    })
    expect(normaliseCheckResult({ status: 'unhealthy', details: 'no' })).toEqual({ status: 'unhealthy' })
    expect(normaliseCheckResult('fine')).toBeUndefined()
    expect(normaliseCheckResult({ status: 'fine' })).toBeUndefined()
    expect(normaliseCheckResult(null)).toBeUndefined()
    expect(normaliseCheckResult(1)).toBeUndefined()
  })
})

describe('runHealthCheck', () => {
  it('resolves with what the check returned, sync or async, and clears its timeout', async () => {
    const clock = createManualClock()
    expect(await runHealthCheck(clock, () => 'healthy', 100)).toEqual({ status: 'healthy' })
    expect(
      await runHealthCheck(clock, async () => ({ status: 'degraded', details: { lag: 3 } }), 100),
    ).toEqual({
      status: 'degraded',
      details: { lag: 3 },
    })
    expect(clock.pendingTimers()).toBe(0)
  })

  it('calls the check on a later microtask, not synchronously', () => {
    const clock = createManualClock()
    let called = false
    const run = runHealthCheck(
      clock,
      () => {
        called = true
        return 'healthy'
      },
      100,
    )
    expect(called).toBe(false)
    return run.then(() => expect(called).toBe(true))
  })

  it('turns a throw, a rejection or a value that is no status into unhealthy with the reason', async () => {
    const clock = createManualClock()
    const thrown = await runHealthCheck(
      clock,
      () => {
        throw new Error('connection refused')
      },
      100,
    )
    expect(thrown).toEqual({ status: 'unhealthy', error: 'connection refused' })
    expect(await runHealthCheck(clock, () => Promise.reject(new Error('auth failed')), 100)).toEqual({
      status: 'unhealthy',
      error: 'auth failed',
    })
    const nonsense = await runHealthCheck(clock, () => 'fine' as never, 100)
    expect(nonsense.status).toBe('unhealthy')
    expect(nonsense.error).toMatch(/^check returned /)
    expect(clock.pendingTimers()).toBe(0)
  })

  it('is unhealthy with "timeout after N ms" when the check outlives its timeout on the clock', async () => {
    const clock = createManualClock()
    const run = runHealthCheck(clock, () => new Promise(() => {}), 40)
    expect(clock.pendingTimers('timeout')).toBe(1)
    clock.advance(39)
    let settled = false
    void run.then(() => {
      settled = true
    })
    await flushMicrotasks()
    expect(settled).toBe(false)
    clock.advance(1)
    expect(await run).toEqual({ status: 'unhealthy', error: 'timeout after 40 ms' })
    expect(clock.pendingTimers()).toBe(0)
  })
})
