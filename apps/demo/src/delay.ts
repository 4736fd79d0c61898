import type { Clock } from '@foundation-telemetry/core'

/** Wait `ms` on `clock`: real time on the system clock, `advance()` on a manual one. */
export function delay(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => {
    clock.setTimeout(resolve, ms)
  })
}
