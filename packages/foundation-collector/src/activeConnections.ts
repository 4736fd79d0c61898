/**
 * The active-connections KPI: connections in use summed over pools, from the latest `active`
 * measurement each pool reported (health reports, checkouts and checkins). Pools are bounded
 * like breakers.
 */
import type { Measurements, Metadata } from '@foundation-telemetry/core'

/** The events that report a pool's active connections. */
export const poolEvents = [
  'foundation.connection_pool.health',
  'foundation.connection_pool.checkout',
  'foundation.connection_pool.checkin',
] as const

/** Connections in use per pool. */
export interface ActiveConnections {
  /** Sum over pools of the last reported `active`. */
  total(): number
  /** Take one pool event's `active` measurement into account. */
  update(measurements: Measurements, metadata: Metadata): void
}

/** Track pools; pools past `maxPools` are not tracked. The collector's event handlers feed it. */
export function createActiveConnections(maxPools = 10_000): ActiveConnections {
  const active = new Map<string, number>()
  let total = 0
  return {
    total: () => total,
    update(measurements, metadata) {
      const pool = metadata.pool_id
      const value = measurements.active
      if (typeof pool !== 'string' || typeof value !== 'number' || !Number.isFinite(value)) return
      const before = active.get(pool)
      if (before === undefined && active.size >= maxPools) return
      total += value - (before ?? 0)
      active.set(pool, value)
    },
  }
}
