import type { Telemetry } from '@foundation-telemetry/core'
import '@foundation-telemetry/testing/vitest'
import {
  assertTelemetryEvent,
  refuteTelemetryEvent,
  waitForTelemetryEvent,
} from '@foundation-telemetry/testing'
import { describe, expect, it } from 'vitest'

declare const t: Telemetry

// Each directive sits on the line of the wrong value: if TypeScript blamed the event name instead
// (by inferring the name from the match), the directive would be unused and this file would fail.
describe('a wrong match value is reported at the match, not at the event name', () => {
  it('helpers', () => {
    void waitForTelemetryEvent(
      t,
      'foundation.circuit_breaker.state_change',
      // @ts-expect-error: 'sideways' is not a breaker state
      { metadata: { to: 'sideways' } },
    )
    void assertTelemetryEvent(
      t,
      'foundation.circuit_breaker.state_change',
      // @ts-expect-error: 'sideways' is not a breaker state
      { metadata: { to: 'sideways' } },
      () => {},
    )
    void refuteTelemetryEvent(
      t,
      'foundation.circuit_breaker.state_change',
      // @ts-expect-error: 'sideways' is not a breaker state
      { metadata: { to: 'sideways' } },
      () => {},
    )
  })

  it('matchers', () => {
    void expect(() => {}).toEmitTelemetry(
      'foundation.circuit_breaker.state_change',
      // @ts-expect-error: 'sideways' is not a breaker state
      { metadata: { to: 'sideways' } },
    )
  })
})
