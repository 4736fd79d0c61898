/**
 * The active-connections KPI: connections in use summed over pools, from the latest `active`
 * measurement each pool reported (health reports, checkouts and checkins). Pools are bounded
 * like breakers.
 */
import type { Telemetry } from '@foundation-telemetry/core'

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
  detach(): void
}

/** Track pools on `t`; pools past `maxPools` are not tracked. */
export function trackActiveConnections(t: Telemetry, id: string, maxPools = 10_000): ActiveConnections {
  const active = new Map<string, number>()
  let total = 0
  const detach = t.attach(
    id,
    poolEvents,
    (_event, measurements, metadata) => {
      const pool = metadata.pool_id
      const value = measurements.active
      if (typeof pool !== 'string' || typeof value !== 'number' || !Number.isFinite(value)) return
      const before = active.get(pool)
      if (before === undefined && active.size >= maxPools) return
      total += value - (before ?? 0)
      active.set(pool, value)
    },
    undefined,
    { durable: true },
  )
  return { total: () => total, detach }
}
