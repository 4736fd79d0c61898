/**
 * Messages between the coordinator and its worker threads. Results travel in batches of flat
 * number arrays (six numbers per iteration) plus the error strings of failed ones, about ten
 * times a second: every iteration reaches the main thread, so its figures are exactly what one
 * thread would have measured.
 */
import type { Outcome } from './iteration.ts'
import type { Phase } from './loadProfile.ts'

/** What a worker is started with (`workerData`). */
export interface WorkerStart {
  moduleUrl: string
  /** Options that override the module's default export (JSON-safe: executor, durations, name). */
  overrides: Record<string, unknown>
  index: number
  count: number
  /** Each scenario's setup result, from the main thread. */
  data: unknown[]
  /** Join a run already this far along (a replacement for a crashed worker). */
  offsetMs: number
}

export type ToWorker = { type: 'go' } | { type: 'stop' }

export type FromWorker =
  | { type: 'ready'; scenarios: string[] }
  | { type: 'batch'; records: number[]; errors: string[]; dropped: number[] }
  | { type: 'done' }
  | { type: 'failed'; message: string }

/** Numbers per record in a batch. */
export const RECORD_SIZE = 6 // scenario, vu, phase, atMs, latencyMs, outcome
const PHASES: readonly Phase[] = ['warmup', 'main', 'cooldown']

export function phaseCode(phase: Phase): number {
  return PHASES.indexOf(phase)
}

export function phaseOf(code: number): Phase {
  return PHASES[code] ?? 'main'
}

/** Outcome codes: 1 success, 0 error, 2 interrupted. */
export function outcomeCode(outcome: Outcome): number {
  return outcome.ok ? 1 : outcome.interrupted ? 2 : 0
}

/** Rebuild an outcome; `errors` holds category and message of each non-success, in order. */
export function outcomeOf(code: number, errors: string[], cursor: { at: number }): Outcome {
  if (code === 1) return { ok: true }
  const category = errors[cursor.at++] ?? 'Error'
  const message = errors[cursor.at++] ?? ''
  return { ok: false, interrupted: code === 2, category, message }
}
