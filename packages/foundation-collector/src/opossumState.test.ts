import type { Measurements, Metadata } from '@foundation-telemetry/core'
import { describe, expect, it } from 'vitest'
import { failuresOf, OpossumState, stateOf } from './opossumState.ts'

function setUp(breaker: { opened: boolean; halfOpen: boolean; stats?: unknown }) {
  // The events exactly as the state emits them (a telemetry's enrichment would add its own fields).
  const events: Array<{ event: string; measurements: Measurements; metadata: Metadata }> = []
  const t = {
    execute(event: string, measurements: Measurements = {}, metadata: Metadata = {}) {
      events.push({ event, measurements, metadata })
    },
  }
  return { state: new OpossumState(t, breaker, 'payments'), events }
}

describe('OpossumState', () => {
  it('reads the state from the breaker, half open first', () => {
    expect(stateOf({ opened: false, halfOpen: false })).toBe('closed')
    expect(stateOf({ opened: true, halfOpen: false })).toBe('open')
    expect(stateOf({ opened: true, halfOpen: true })).toBe('half_open')
    expect(setUp({ opened: true, halfOpen: false }).state.current).toBe('open')
  })

  it('reports a change of state once, with the failures in the window when it opens', () => {
    const { state, events } = setUp({ opened: false, halfOpen: false, stats: { failures: 3 } })
    state.open()
    state.open()
    expect(events).toEqual([
      {
        event: 'foundation.circuit_breaker.state_change',
        measurements: { failure_count: 3 },
        metadata: { name: 'payments', from: 'closed', to: 'open', reason: 'failure_threshold' },
      },
    ])
    expect(state.current).toBe('open')
  })

  it('half-opens on the reset timeout, and closes from half open as a successful trial', () => {
    const { state, events } = setUp({ opened: true, halfOpen: false })
    state.halfOpen()
    state.close()
    expect(events.map((e) => [e.measurements, e.metadata])).toEqual([
      [{}, { name: 'payments', from: 'open', to: 'half_open', reason: 'reset_timeout' }],
      [{}, { name: 'payments', from: 'half_open', to: 'closed', reason: 'trial_succeeded' }],
    ])
  })

  it('closes from open (closed by hand) as a reset', () => {
    const { state, events } = setUp({ opened: true, halfOpen: false })
    state.close()
    expect(events[0]?.metadata).toMatchObject({ from: 'open', to: 'closed', reason: 'reset' })
  })

  it('reports a failed health check, and names it as the reason of the next open only', () => {
    const { state, events } = setUp({ opened: false, halfOpen: false })
    state.healthCheckFailed()
    state.open()
    state.close()
    state.open()
    expect(events.map((e) => [e.event, e.metadata.reason ?? e.metadata.healthy])).toEqual([
      ['foundation.circuit_breaker.health_check', false],
      ['foundation.circuit_breaker.state_change', 'health_check_failed'],
      ['foundation.circuit_breaker.state_change', 'reset'],
      ['foundation.circuit_breaker.state_change', 'failure_threshold'],
    ])
    expect(events[0]?.metadata).toEqual({ name: 'payments', healthy: false, state: 'closed' })
  })

  it('reports its state as a health check: healthy only when closed', () => {
    const closed = setUp({ opened: false, halfOpen: false })
    closed.state.reportHealth()
    const open = setUp({ opened: true, halfOpen: false })
    open.state.reportHealth()
    expect(closed.events[0]?.metadata).toEqual({ name: 'payments', healthy: true, state: 'closed' })
    expect(open.events[0]?.metadata).toEqual({ name: 'payments', healthy: false, state: 'open' })
  })

  it('counts the failures as 0 when the stats are missing or cannot be read', () => {
    expect(failuresOf({})).toBe(0)
    expect(failuresOf({ stats: { failures: 'many' } })).toBe(0)
    const hostile = {
      get stats(): never {
        throw new Error('no stats')
      },
    }
    expect(failuresOf(hostile)).toBe(0)
  })
})
