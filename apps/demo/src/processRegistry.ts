/**
 * A simulated process registry: register and look up named processes, each a
 * `foundation.process_registry.*` span with a little latency.
 */
import type { Telemetry } from '@foundation-telemetry/core'
import { delay } from './delay.ts'
import { latency, type Random } from './random.ts'

/** A registry of simulated processes. */
export interface ProcessRegistry {
  register(key: string, processType: string): Promise<void>
  /** Resolves with whether `key` is registered. */
  lookup(key: string): Promise<boolean>
  size(): number
}

/** Create a registry in `namespace`, reporting through `t`. */
export function createProcessRegistry(t: Telemetry, random: Random, namespace = 'demo'): ProcessRegistry {
  const processes = new Map<string, string>()
  return {
    register(key, processType) {
      return t.span(
        'foundation.process_registry.register',
        { key, namespace, process_type: processType },
        async () => {
          await delay(t.clock, latency(random, 2))
          processes.set(key, processType)
        },
      )
    },
    lookup(key) {
      return t.span('foundation.process_registry.lookup', { key, namespace }, async (span) => {
        await delay(t.clock, latency(random, 0.8, 0.8))
        const found = processes.has(key)
        span.setAttribute('found', found)
        return found
      })
    },
    size: () => processes.size,
  }
}
