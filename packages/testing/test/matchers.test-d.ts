import type { Telemetry } from '@foundation-telemetry/core'
import '@foundation-telemetry/testing/vitest'
import { assertTelemetryEvent, type EventMatch, waitForTelemetryEvent } from '@foundation-telemetry/testing'
import { describe, expect, expectTypeOf, it } from 'vitest'

declare const t: Telemetry

describe('matcher and helper types', () => {
  it('types the matchers on expect(...) and returns a promise', () => {
    expectTypeOf(expect(() => {}).toEmitTelemetry('foundation.service.ready')).toEqualTypeOf<Promise<void>>()
    expectTypeOf(expect(() => {}).not.toEmitTelemetrySequence(['a.b', ['c.d', {}]])).toEqualTypeOf<
      Promise<void>
    >()
  })

  it('types match fields from the taxonomy', () => {
    const ok: EventMatch<'foundation.circuit_breaker.state_change'> = {
      metadata: { to: 'open', from: (v) => v !== 'open', name: expect.any(String) },
      measurements: { failure_count: (n) => n >= 3 },
    }
    expectTypeOf(ok).not.toBeAny()
    // @ts-expect-error `to` is one of the breaker states
    const wrong: EventMatch<'foundation.circuit_breaker.state_change'> = { metadata: { to: 42 } }
    expectTypeOf(wrong).not.toBeAny()
  })

  it('leaves names outside the taxonomy untyped but still typed enough for predicates', () => {
    const m: EventMatch<'my_app.anything'> = { metadata: { id: (v) => v === 1, nested: { deep: 'x' } } }
    expectTypeOf(m).not.toBeAny()
  })

  it('types helper results from the event name', async () => {
    const ready = await waitForTelemetryEvent(t, 'foundation.service.ready')
    expectTypeOf(ready.metadata.service).toEqualTypeOf<string>()
    const change = await assertTelemetryEvent(
      t,
      'foundation.circuit_breaker.state_change',
      undefined,
      () => {},
    )
    expectTypeOf(change.metadata.to).toEqualTypeOf<'closed' | 'open' | 'half_open'>()
  })
})
