import { performance } from 'node:perf_hooks'
import type { Metadata } from '@foundation-telemetry/core'
import type { SamplerAdjustments } from './types.ts'

/** The adjustments resolved to plain values. */
export interface ResolvedAdjustments {
  /** Multiplier for events carrying an error key; 1 when off. */
  errorFactor: number
  errorKeys: readonly string[]
  criticalFactor: number
  criticalPatterns: readonly string[]
  /** Reads the load (0..1), or undefined when the load adjustment is off. */
  loadSource: (() => number) | undefined
  loadLevels: ReadonlyArray<{ above: number; factor: number }>
  loadInterval: number
  /** Whether metadata carries an error mark (from `errorKeys`). */
  hasErrorMark: (metadata: Metadata | undefined) => boolean
}

export const DEFAULT_ERROR_KEYS = ['error_context', 'retry_attempt'] as const
export const DEFAULT_CRITICAL_PATTERNS = [
  'dspex.coordination.multi_agent',
  'foundation_jido.coordination',
  'foundation_os.request',
] as const
export const DEFAULT_LOAD_LEVELS = [
  { above: 0.8, factor: 0.5 },
  { above: 0.6, factor: 0.7 },
] as const

/** Event loop utilisation since the previous call, 0..1: how busy the process was. */
export function eventLoopLoad(): () => number {
  let previous = performance.eventLoopUtilization()
  return () => {
    const current = performance.eventLoopUtilization()
    const delta = performance.eventLoopUtilization(current, previous)
    previous = current
    return delta.utilization
  }
}

/** Resolve the options (each on unless `false`). */
export function resolveAdjustments(options: SamplerAdjustments | undefined): ResolvedAdjustments {
  const error = options?.errorBoost
  const load = options?.load ?? options?.loadAdjustment
  const critical = options?.criticalPath ?? options?.criticalPathBoost
  const errorKeys = error === false ? [] : (error?.keys ?? DEFAULT_ERROR_KEYS)
  return {
    errorFactor: error === false ? 1 : positive(error?.factor, 2),
    errorKeys,
    hasErrorMark: errorMarkCheck(errorKeys),
    criticalFactor: critical === false ? 1 : positive(critical?.factor, 1.5),
    criticalPatterns: critical === false ? [] : (critical?.patterns ?? DEFAULT_CRITICAL_PATTERNS),
    loadSource: load === false ? undefined : (load?.source ?? eventLoopLoad()),
    loadLevels: [...(load === false ? [] : (load?.levels ?? DEFAULT_LOAD_LEVELS))].sort(
      (a, b) => b.above - a.above,
    ),
    loadInterval: load === false ? 0 : positive(load?.interval, 1000),
  }
}

function positive(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && value > 0 && Number.isFinite(value) ? value : fallback
}

/** The load factor for a load reading: the factor of the highest level it is above, else 1. */
export function loadFactor(load: number, levels: ResolvedAdjustments['loadLevels']): number {
  for (const level of levels) if (load > level.above) return level.factor
  return 1
}

/** Whether `name` is on a critical path (contains one of the patterns). */
export function isCritical(name: string, patterns: readonly string[]): boolean {
  for (const p of patterns) if (name.includes(p)) return true
  return false
}

const marks = (v: unknown) => v !== undefined && v !== null && v !== false

/** The default check, with named property reads: a keyed read of a missing key costs tens of ns. */
const defaultErrorMark = (metadata: Metadata | undefined): boolean =>
  metadata !== undefined && (marks(metadata.error_context) || marks(metadata.retry_attempt))

/**
 * A check of whether metadata (or span attributes) mark an error or a retry: one of `keys` is
 * set to something other than null or false.
 */
export function errorMarkCheck(keys: readonly string[]): (metadata: Metadata | undefined) => boolean {
  if (keys.length === 0) return () => false
  if (keys.length === 2 && keys[0] === 'error_context' && keys[1] === 'retry_attempt') return defaultErrorMark
  return (metadata) => {
    if (metadata === undefined) return false
    for (let i = 0; i < keys.length; i++) if (marks(metadata[keys[i] as string])) return true
    return false
  }
}

/**
 * The adjusted probability of a base rate, in the order error boost, load, critical path
 * (each boost capped at 1), clamped to [0, 1].
 */
export function adjustRate(
  base: number,
  error: boolean,
  load: number,
  critical: boolean,
  a: ResolvedAdjustments,
): number {
  let p = base
  if (error) p = Math.min(p * a.errorFactor, 1)
  p *= load
  if (critical) p = Math.min(p * a.criticalFactor, 1)
  return Math.min(1, Math.max(0, p))
}
