import { createTelemetry, type Metadata } from '@foundation-telemetry/core'
import { describe, expect, it } from 'vitest'
import { recordSpans } from '../test/support.ts'
import { CallsInFlight, callNames } from './opossumCalls.ts'
import { callObserved, wrapBreakerCall } from './opossumCallWrapper.ts'
import { OpossumState } from './opossumState.ts'

/** A breaker gate and a `call` that records the receiver, arguments and span it ran with. */
function setUp(gate: Partial<Record<'enabled' | 'closed' | 'pendingClose' | 'isShutdown', boolean>> = {}) {
  const t = createTelemetry({ env: {} })
  const breaker = { enabled: true, closed: true, pendingClose: false, ...gate }
  const ran: Array<{ self: unknown; args: unknown[]; span: string | undefined; inFlight: number }> = []
  const calls = new CallsInFlight(t)
  const original = async function (this: unknown, ...args: unknown[]) {
    ran.push({ self: this, args, span: t.activeSpan()?.spanContext().spanId, inFlight: calls.size })
    return args[1]
  }
  const state = new OpossumState(t, { opened: false, halfOpen: false }, 'payments')
  const call = wrapBreakerCall(t, breaker, original, 'payments', calls, state)
  return { t, breaker, ran, calls, call }
}

describe('wrapBreakerCall', () => {
  it('runs an unobserved call as it is, in the caller context, tracking nothing', async () => {
    const { t, breaker, ran, calls, call } = setUp()
    const root = t.startSpan('request')
    await expect(t.withContext(root, () => call.call(breaker, undefined, 'x'))).resolves.toBe('x')
    expect(ran).toEqual([
      { self: breaker, args: [undefined, 'x'], span: root.spanContext().spanId, inFlight: 0 },
    ])
    expect(calls.size).toBe(0)
  })

  it('runs an observed call inside its own span, tracked, after emitting .start with the state', async () => {
    const { t, breaker, ran, calls, call } = setUp()
    const spans = recordSpans(t)
    const starts: Metadata[] = []
    t.attach('start', callNames.start, (_event, _measurements, metadata) => {
      starts.push(metadata)
    })
    await expect(call.call(breaker, undefined, 'y')).resolves.toBe('y')
    expect(ran[0]?.self).toBe(breaker)
    expect(ran[0]?.args).toEqual([undefined, 'y'])
    expect(ran[0]?.inFlight).toBe(1)
    expect(starts).toHaveLength(1)
    expect(starts[0]).toMatchObject({ name: 'payments', state: 'closed', span_id: ran[0]?.span })
    // The span ends when opossum's completion event does, which the listeners handle.
    expect(spans).toEqual([])
    expect(calls.size).toBe(1)
  })

  it('makes no call span for a disabled, open or shut-down breaker', async () => {
    for (const gate of [{ enabled: false }, { closed: false }, { isShutdown: true }]) {
      const { t, breaker, ran, calls, call } = setUp(gate)
      recordSpans(t)
      await call.call(breaker, undefined, 'z')
      expect(ran[0]?.span).toBeUndefined()
      expect(calls.size).toBe(0)
    }
  })

  it('makes a call span while a half-open breaker lets its trial call through', async () => {
    const { t, breaker, ran, call } = setUp({ closed: false, pendingClose: true })
    recordSpans(t)
    await call.call(breaker, undefined)
    expect(ran[0]?.span).toMatch(/^[0-9a-f]{16}$/)
  })
})

describe('callObserved', () => {
  it('sees a span processor, or a handler of the .start, .stop or .exception event', () => {
    for (const event of [callNames.start, callNames.stop, callNames.exception]) {
      const t = createTelemetry({ env: {} })
      const observed = callObserved(t, callNames)
      expect(observed()).toBe(false)
      const detach = t.attach('h', event, () => {})
      expect(observed()).toBe(true)
      detach()
      expect(observed()).toBe(false)
    }
    const t = createTelemetry({ env: {} })
    const observed = callObserved(t, callNames)
    recordSpans(t)
    expect(observed()).toBe(true)
  })
})
