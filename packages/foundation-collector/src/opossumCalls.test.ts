import { createTelemetry, type Span } from '@foundation-telemetry/core'
import { describe, expect, it } from 'vitest'
import { CallsInFlight, OpossumCall } from './opossumCalls.ts'

function setUp(max?: number) {
  const t = createTelemetry({ env: {} })
  let reads = 0
  const reader = {
    activeSpan: () => {
      reads++
      return t.activeSpan()
    },
  }
  const calls = new CallsInFlight(reader, max)
  const start = () => {
    const call = new OpossumCall(t, t.startSpan('foundation.circuit_breaker.call'), { name: 'b' })
    calls.add(call)
    return call
  }
  return { t, calls, start, reads: () => reads }
}

describe('CallsInFlight', () => {
  it('finds the call whose span is active, and none outside it', () => {
    const { t, calls, start } = setUp()
    const first = start()
    const second = start()
    expect(t.withContext(first.span, () => calls.current())).toBe(first)
    expect(t.withContext(second.span, () => calls.current())).toBe(second)
    expect(calls.current()).toBeUndefined()
    const other = t.startSpan('other')
    expect(t.withContext(other, () => calls.current())).toBeUndefined()
  })

  it('reads no context while no call is in flight', () => {
    const { t, calls, start, reads } = setUp()
    expect(calls.current()).toBeUndefined()
    expect(reads()).toBe(0)
    const call = start()
    t.withContext(call.span, () => calls.current())
    expect(reads()).toBe(1)
    calls.forget(call)
    expect(calls.size).toBe(0)
    expect(t.withContext(call.span, () => calls.current())).toBeUndefined()
    expect(reads()).toBe(1)
  })

  it('forgets the oldest call once its bound is reached', () => {
    const { t, calls, start } = setUp(2)
    const spans: Span[] = [start(), start(), start()].map((call) => call.span)
    expect(calls.size).toBe(2)
    expect(t.withContext(spans[0], () => calls.current())).toBeUndefined()
    expect(t.withContext(spans[2], () => calls.current())?.span).toBe(spans[2])
  })

  it('starts each call as neither refused nor timed out', () => {
    const { start } = setUp()
    const call = start()
    expect(call.refused).toBeUndefined()
    expect(call.timedOut).toBe(false)
    expect(call.ended).toBe(false)
  })
})
