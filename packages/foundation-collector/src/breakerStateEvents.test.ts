import type { Measurements, Metadata } from '@foundation-telemetry/core'
import { describe, expect, it } from 'vitest'
import type { BreakerState } from './breakerHealth.ts'
import { BreakerStateEvents } from './breakerStateEvents.ts'

/** A library's breaker state that moves on demand and counts its changes as a measurement. */
class Counted extends BreakerStateEvents {
  changes = 0
  move(to: BreakerState, reason: string): void {
    this.transition(to, reason)
  }
  protected override measure(): Measurements {
    return { changes: ++this.changes }
  }
}

function setUp(initial: BreakerState) {
  const events: Array<[string, Measurements, Metadata]> = []
  const t = {
    execute(event: string, measurements: Measurements = {}, metadata: Metadata = {}) {
      events.push([event, measurements, metadata])
    },
  }
  return { state: new Counted(t, 'payments', initial), events }
}

describe('BreakerStateEvents', () => {
  it('reports a change once, measured by the subclass only when it is one', () => {
    const { state, events } = setUp('closed')
    state.move('open', 'failure_threshold')
    state.move('open', 'failure_threshold')
    expect(events).toEqual([
      [
        'foundation.circuit_breaker.state_change',
        { changes: 1 },
        { name: 'payments', from: 'closed', to: 'open', reason: 'failure_threshold' },
      ],
    ])
    expect(state.current).toBe('open')
  })

  it('reports health from the state, unless told otherwise', () => {
    const { state, events } = setUp('half_open')
    state.reportHealth()
    state.move('closed', 'trial_succeeded')
    state.reportHealth()
    state.reportHealth(false)
    expect(events.filter(([event]) => event.endsWith('health_check')).map(([, , md]) => md)).toEqual([
      { name: 'payments', healthy: false, state: 'half_open' },
      { name: 'payments', healthy: true, state: 'closed' },
      { name: 'payments', healthy: false, state: 'closed' },
    ])
  })

  it('measures nothing by default', () => {
    const events: Measurements[] = []
    const plain = new (class extends BreakerStateEvents {
      open(): void {
        this.transition('open', 'failure_threshold')
      }
    })({ execute: (_e: string, m: Measurements = {}) => events.push(m) }, 'payments', 'closed')
    plain.open()
    expect(events).toEqual([{}])
  })
})
