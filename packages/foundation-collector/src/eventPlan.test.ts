import { describe, expect, it } from 'vitest'
import { eventRoles, handledEvents, KINDS, planFor } from './eventPlan.ts'
import { compileInputChecks } from './inputCheck.ts'

const checks = compileInputChecks()
const roles = eventRoles()
const owned = { calls: {}, latency: {} }
const plan = (event: string, own: { calls: unknown; latency: unknown } = owned) =>
  planFor(event, roles, checks.get(event) ?? [], own)

describe('eventPlan', () => {
  it('the roles come from the taxonomy: call.stop is a call, a timed call and a failing operation', () => {
    expect(roles.calls.has('foundation.circuit_breaker.call.stop')).toBe(true)
    expect(roles.latency.has('foundation.circuit_breaker.call.stop')).toBe(true)
    expect(roles.latency.has('foundation.circuit_breaker.call.rejected')).toBe(false)
    expect(roles.operations.has('foundation.connection_pool.checkout')).toBe(true)
    expect(roles.failed.has('foundation.connection_pool.checkout')).toBe(false)
    expect(roles.breakers.has('foundation.circuit_breaker.state_change')).toBe(true)
    expect(roles.pools.has('foundation.connection_pool.health')).toBe(true)
  })

  it('handles every event with a role, and every event with fields to check only when checking', () => {
    const checked = handledEvents(roles, checks)
    const unchecked = handledEvents(roles, null)
    for (const event of [...roles.breakers, ...roles.pools, ...roles.operations, ...roles.calls]) {
      expect(unchecked.has(event)).toBe(true)
    }
    expect(checked.has('foundation.connection_pool.created')).toBe(true)
    expect(unchecked.has('foundation.connection_pool.created')).toBe(false)
  })

  it('a breaker call reads name, state and success by hand and checks the other fields in the loop', () => {
    const stop = plan('foundation.circuit_breaker.call.stop')
    expect(stop).toMatchObject({ call: true, latency: true, stateKey: '', countsFailure: true, pool: false })
    expect(stop.kind).toBe(KINDS.indexOf('circuit_breaker'))
    expect(stop.nameField?.key).toBe('name')
    expect(stop.stateField?.key).toBe('state')
    expect(stop.successField?.key).toBe('success')
    expect(stop.fields?.map((f) => f.key) ?? []).not.toEqual(expect.arrayContaining(['name']))
    expect(stop.outcome({ success: false })).toBe('failure')
  })

  it('a call whose metrics the taxonomy path records checks every field in the loop', () => {
    const stop = plan('foundation.circuit_breaker.call.stop', { calls: undefined, latency: undefined })
    expect(stop).toMatchObject({ call: false, latency: false, nameField: null, successField: null })
    expect(stop.fields?.map((f) => f.key)).toEqual(expect.arrayContaining(['name']))
  })

  it('finds a breaker state in `to` on a state change and in `state` on health checks and starts', () => {
    expect(plan('foundation.circuit_breaker.state_change').stateKey).toBe('to')
    expect(plan('foundation.circuit_breaker.health_check').stateKey).toBe('state')
    expect(plan('foundation.circuit_breaker.call.start').stateKey).toBe('state')
    expect(plan('foundation.connection_pool.health').stateKey).toBeNull()
  })

  it('a pool checkout is a pool report and an operation that does not count as failed', () => {
    const checkout = plan('foundation.connection_pool.checkout')
    expect(checkout).toMatchObject({ pool: true, countsFailure: false, call: false, stateKey: null })
    expect(checkout.kind).toBe(KINDS.indexOf('connection_pool'))
    expect(plan('foundation.retry.attempt.stop').kind).toBe(KINDS.indexOf('retry'))
    expect(plan('foundation.connection_pool.created').kind).toBe(-1)
  })
})
