/**
 * Memory and CPU usage of this process, read when metrics are collected. Memory: heap used over
 * V8's heap limit, or resident memory over the container's limit when one is set. CPU: process
 * CPU time over wall time and the cores available, between two readings at least `minInterval`
 * apart (a reading sooner than that repeats the last figure, so two collections in a row do not
 * divide by almost nothing). Wall time comes from the telemetry's clock.
 */
import { availableParallelism, totalmem } from 'node:os'
import { getHeapStatistics } from 'node:v8'
import type { Clock } from '@foundation-telemetry/core'

/** What the usage figures are read from; injectable for tests. */
export interface ProcessReader {
  /** CPU time used so far, microseconds (as `process.cpuUsage()`). */
  cpuUsage(): { user: number; system: number }
  /** Memory figures, bytes. `limit` is the container (cgroup) limit, absent when none is set. */
  memory(): { heapUsed: number; heapLimit: number; rss: number; limit?: number | undefined }
  /** Cores this process may use. */
  cores(): number
}

/** Reads the running Node.js process. */
export const nodeProcessReader: ProcessReader = {
  cpuUsage: () => process.cpuUsage(),
  memory() {
    const usage = process.memoryUsage()
    const constrained = typeof process.constrainedMemory === 'function' ? process.constrainedMemory() : 0
    // Without a cgroup limit Node reports 0, or a huge sentinel larger than the machine.
    const limit = constrained > 0 && constrained < totalmem() ? constrained : undefined
    return { heapUsed: usage.heapUsed, heapLimit: getHeapStatistics().heap_size_limit, rss: usage.rss, limit }
  },
  cores: () => availableParallelism(),
}

/** Usage figures as ratios 0..1. */
export interface ProcessUsage {
  /** NaN when the reader fails. */
  memory(): number
  /** NaN until time has passed since the first reading, or when the reader fails. */
  cpu(): number
}

/** Track usage with `reader` on `clock`. */
export function createProcessUsage(reader: ProcessReader, clock: Clock, minInterval = 1000): ProcessUsage {
  const read = () => {
    const { user, system } = reader.cpuUsage()
    return { cpu: (user + system) / 1000, wall: clock.monotonic() }
  }
  let base: { cpu: number; wall: number } | undefined
  let last = Number.NaN
  try {
    base = read()
  } catch {
    base = undefined
  }
  return {
    memory() {
      try {
        const m = reader.memory()
        return m.limit !== undefined && m.limit > 0 ? m.rss / m.limit : m.heapUsed / m.heapLimit
      } catch {
        return Number.NaN
      }
    },
    cpu() {
      try {
        const now = read()
        if (base === undefined) {
          base = now
          return last
        }
        const wall = now.wall - base.wall
        if (wall <= 0 || (wall < minInterval && !Number.isNaN(last))) return last
        last = (now.cpu - base.cpu) / (wall * Math.max(1, reader.cores()))
        base = now
        return last
      } catch {
        return Number.NaN
      }
    },
  }
}
