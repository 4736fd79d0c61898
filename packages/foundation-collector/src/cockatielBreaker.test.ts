import type { Measurements, Metadata } from '@foundation-telemetry/core'
import { describe, expect, it } from 'vitest'
import { CockatielBreakerState, reportingRefusals, stateOfCircuit } from './cockatielBreaker.ts'

function recorder() {
  // The events exactly as the pieces emit them (a telemetry's enrichment would add its own fields).
  const events: Array<{ event: string; measurements: Measurements; metadata: Metadata }> = []
  const t = {
    execute(event: string, measurements: Measurements = {}, metadata: Metadata = {}) {
      events.push({ event, measurements, metadata })
    },
  }
  return { t, events }
}

/** cockatiel's refusal errors, by the markers the adapter reads. */
const broken = Object.assign(new Error('Execution prevented because the circuit breaker is open'), {
  isBrokenCircuitError: true,
})
const isolated = Object.assign(new Error('isolated'), {
  isBrokenCircuitError: true,
  isIsolatedCircuitError: true,
})

describe('CockatielBreakerState', () => {
  it('reads cockatiel circuit states, isolated as open and anything else as closed', () => {
    expect([0, 1, 2, 3, 9, 'open', undefined].map(stateOfCircuit)).toEqual([
      'closed',
      'open',
      'half_open',
      'open',
      'closed',
      'closed',
      'closed',
    ])
  })

  it('reports each change with the reason of the event before it, once per change', () => {
    const { t, events } = recorder()
    const state = new CockatielBreakerState(t, 'inventory', 0)
    state.onBreak(undefined)
    state.onStateChange(1)
    state.onStateChange(1)
    state.onHalfOpen()
    state.onStateChange(2)
    state.onReset()
    state.onStateChange(0)
    state.onBreak({ isolated: true })
    state.onStateChange(3)
    expect(events.map((e) => [e.event, e.measurements, e.metadata])).toEqual([
      [
        'foundation.circuit_breaker.state_change',
        {},
        { name: 'inventory', from: 'closed', to: 'open', reason: 'failure_threshold' },
      ],
      [
        'foundation.circuit_breaker.state_change',
        {},
        { name: 'inventory', from: 'open', to: 'half_open', reason: 'half_open_trial' },
      ],
      [
        'foundation.circuit_breaker.state_change',
        {},
        { name: 'inventory', from: 'half_open', to: 'closed', reason: 'reset' },
      ],
      [
        'foundation.circuit_breaker.state_change',
        {},
        { name: 'inventory', from: 'closed', to: 'open', reason: 'isolated' },
      ],
    ])
  })

  it('names a change without an event before it by its direction, and uses a reason once', () => {
    const { t, events } = recorder()
    const state = new CockatielBreakerState(t, 'inventory', 1)
    state.onStateChange(0)
    state.onHalfOpen()
    state.onStateChange(0)
    state.onStateChange(1)
    expect(events.map((e) => [e.metadata.from, e.metadata.to, e.metadata.reason])).toEqual([
      ['open', 'closed', 'reset'],
      ['closed', 'open', 'failure_threshold'],
    ])
  })

  it('reports its state as a health check, healthy only when closed', () => {
    const { t, events } = recorder()
    new CockatielBreakerState(t, 'inventory', 0).reportHealth()
    new CockatielBreakerState(t, 'inventory', 2).reportHealth()
    expect(events.map((e) => [e.event, e.metadata])).toEqual([
      ['foundation.circuit_breaker.health_check', { name: 'inventory', healthy: true, state: 'closed' }],
      ['foundation.circuit_breaker.health_check', { name: 'inventory', healthy: false, state: 'half_open' }],
    ])
  })
})

describe('reportingRefusals', () => {
  it('reports a refused call as rejected (isolated or open) and hands the caller the original promise', async () => {
    const { t, events } = recorder()
    let outcome: unknown
    const execute = reportingRefusals(t, 'inventory', () => Promise.reject(outcome))
    for (const error of [broken, isolated, new Error('down')]) {
      outcome = error
      const result = execute(() => undefined)
      await expect(result).rejects.toBe(error)
    }
    expect(events.map((e) => [e.event, e.metadata])).toEqual([
      ['foundation.circuit_breaker.call.rejected', { name: 'inventory', reason: 'open' }],
      ['foundation.circuit_breaker.call.rejected', { name: 'inventory', reason: 'isolated' }],
    ])
  })

  it('passes the function, the signal and the receiver through, and reports nothing on success', async () => {
    const { t, events } = recorder()
    const signal = new AbortController().signal
    const policy = {
      tag: 'breaker',
      execute: reportingRefusals(t, 'inventory', async function (this: { tag: string }, fn, s) {
        return [this.tag, await fn({}), s === signal]
      }),
    }
    expect(await policy.execute(() => 'ran', signal)).toEqual(['breaker', 'ran', true])
    expect(events).toEqual([])
  })
})
