import { createTelemetry, type Metadata, SpanStatusCode } from '@foundation-telemetry/core'
import { describe, expect, it } from 'vitest'
import { recordSpans } from '../test/support.ts'
import { CallsInFlight, OpossumCall } from './opossumCalls.ts'
import { opossumListeners } from './opossumListeners.ts'
import { OpossumState } from './opossumState.ts'

function setUp() {
  const t = createTelemetry({ env: {} })
  const spans = recordSpans(t)
  const events: Array<[string, Metadata]> = []
  t.attach('test', 'foundation.circuit_breaker.*', (event, _measurements, metadata) => {
    events.push([event, metadata])
  })
  const calls = new CallsInFlight(t)
  const state = new OpossumState(t, { opened: false, halfOpen: false }, 'payments')
  const on = opossumListeners(t, 'payments', calls, state)
  /** A call in flight, and a way to deliver opossum events from inside it. */
  const start = () => {
    const call = new OpossumCall(t, t.startSpan('foundation.circuit_breaker.call'), { name: 'payments' })
    calls.add(call)
    const emit = (event: string, ...args: unknown[]) => t.withContext(call.span, () => on[event]?.(...args))
    return { call, emit }
  }
  return { t, spans, events, calls, state, on, start }
}

describe('opossumListeners', () => {
  it('ends the active call as .stop on success, and ignores a success outside any call', () => {
    const { events, calls, on, start } = setUp()
    on.success?.('outside')
    const { emit } = start()
    emit('success', 'ok')
    emit('success', 'again')
    expect(events.map(([event]) => event)).toEqual(['foundation.circuit_breaker.call.stop'])
    expect(events[0]?.[1]).not.toHaveProperty('filtered_error')
    expect(calls.size).toBe(0)
  })

  it('marks a success that carries an error (let through by errorFilter) as filtered_error', () => {
    const { events, start } = setUp()
    start().emit('success', new TypeError('bad input'))
    expect(events[0]?.[1]).toMatchObject({ name: 'payments', filtered_error: 'TypeError' })
  })

  it('ends the call as .exception on failure, marked timeout after a timeout', () => {
    const { events, start } = setUp()
    start().emit('failure', new Error('down'))
    const slow = start()
    slow.emit('timeout')
    slow.emit('failure', new Error('Timed out'))
    expect(events.map(([event, metadata]) => [event, metadata.reason, metadata.timeout])).toEqual([
      ['foundation.circuit_breaker.call.exception', 'down', undefined],
      ['foundation.circuit_breaker.call.exception', 'Timed out', true],
    ])
  })

  it('turns the end of a call refused by the semaphore into a rejection, not a failure', () => {
    const { events, spans, on, start } = setUp()
    const { call, emit } = start()
    emit('semaphoreLocked')
    emit('failure', new Error('Semaphore locked'))
    on.semaphoreLocked?.()
    expect(events).toEqual([
      ['foundation.circuit_breaker.call.rejected', expect.objectContaining({ reason: 'semaphore_locked' })],
      ['foundation.circuit_breaker.call.rejected', expect.objectContaining({ reason: 'semaphore_locked' })],
    ])
    expect(call.ended).toBe(true)
    expect(spans[0]?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'semaphore_locked' })
  })

  it('reports a rejected call with reason open, ending its span once, with or without a call span', () => {
    const { events, spans, calls, on, start } = setUp()
    const { emit } = start()
    emit('reject')
    on.reject?.()
    expect(events.map(([event, metadata]) => [event, metadata.name, metadata.reason])).toEqual([
      ['foundation.circuit_breaker.call.rejected', 'payments', 'open'],
      ['foundation.circuit_breaker.call.rejected', 'payments', 'open'],
    ])
    expect(spans.map((s) => s.status.code)).toEqual([SpanStatusCode.ERROR])
    expect(calls.size).toBe(0)
  })

  it('ends a call answered from the cache as a cached .stop', () => {
    const { events, start } = setUp()
    start().emit('cacheHit')
    start().emit('coalesceCacheHit')
    expect(events.map(([event, metadata]) => [event, metadata.cached])).toEqual([
      ['foundation.circuit_breaker.call.stop', true],
      ['foundation.circuit_breaker.call.stop', true],
    ])
  })

  it('reports a fallback with the kind of the error that caused it', () => {
    const { events, on } = setUp()
    on.fallback?.('cached answer', new RangeError('down'))
    expect(events).toEqual([
      [
        'foundation.circuit_breaker.fallback',
        expect.objectContaining({ name: 'payments', reason: 'RangeError' }),
      ],
    ])
  })

  it('hands the state events to the breaker state', () => {
    const { events, state, on } = setUp()
    on.healthCheckFailed?.(new Error('unhealthy'))
    on.open?.()
    on.halfOpen?.(5)
    on.close?.()
    expect(state.current).toBe('closed')
    expect(
      events.map(([event, metadata]) => [event, metadata.to ?? metadata.healthy, metadata.reason]),
    ).toEqual([
      ['foundation.circuit_breaker.health_check', false, undefined],
      ['foundation.circuit_breaker.state_change', 'open', 'health_check_failed'],
      ['foundation.circuit_breaker.state_change', 'half_open', 'reset_timeout'],
      ['foundation.circuit_breaker.state_change', 'closed', 'trial_succeeded'],
    ])
  })
})
