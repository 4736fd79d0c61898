import type { Telemetry } from '@foundation-telemetry/core'

/** `t.execute` without the taxonomy's types, for tests that send deliberately bad events. */
export function untyped(t: Telemetry): (event: string, measurements?: object, metadata?: object) => void {
  return t.execute.bind(t) as (event: string, measurements?: object, metadata?: object) => void
}
