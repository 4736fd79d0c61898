/**
 * The results model: one row per case in `bench/results.json`, exactly
 * `{ case, unit, ours, peer, peer_value, ratio }`, plus the goal verdict the table prints.
 */
import type { CaseSpec, CaseUnit, Goal } from './caseSpec.ts'

/** One row of `bench/results.json`. */
export interface ResultRow {
  case: string
  unit: CaseUnit
  /** Our median figure, or null when our side is not available (see the outcome's note). */
  ours: number | null
  /** The peer's name, or null when the case has none. */
  peer: string | null
  peer_value: number | null
  /** ours / peer_value, or null when either is missing. */
  ratio: number | null
}

/** A case's verdict against its goal. */
export type Status = 'pass' | 'miss' | 'pending' | 'error' | 'info'

/** A row with its goal, verdict and any note, for the table. */
export interface CaseOutcome {
  row: ResultRow
  goal: Goal
  status: Status
  notes: string[]
  /**
   * The ratio of each round (ours over the peer's figure from the worker run right after it), so
   * the table can show how far a verdict moves between processes. Empty without a peer.
   */
  roundRatios: number[]
}

/** What the runner learnt about one side over its rounds. */
export type SideResult =
  | { kind: 'value'; values: number[] }
  | { kind: 'unavailable'; note: string }
  | { kind: 'error'; message: string }
  | { kind: 'none' }

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** Four significant digits: the measurement noise is far larger than that. */
export function round(value: number): number {
  return Number(value.toPrecision(4))
}

function sideValue(side: SideResult): number | null {
  return side.kind === 'value' && side.values.length > 0 ? round(median(side.values)) : null
}

/** A measured row's verdict against its goal: `pending` while the figure the goal reads is missing. */
export function verdict(goal: Goal, row: ResultRow): Exclude<Status, 'error'> {
  const figure = goal.kind === 'ratio' ? row.ratio : row.ours
  if (figure === null) return 'pending'
  if (goal.kind === 'none') return 'info'
  return figure <= goal.max ? 'pass' : 'miss'
}

/**
 * The outcome of a case as `bench/results.json` recorded it (no per-round ratios: the file keeps
 * medians only). A case the file has no row for is `pending`, with a note saying so.
 */
export function recordedOutcome(spec: CaseSpec, row: ResultRow | undefined): CaseOutcome {
  if (row === undefined) {
    const empty: ResultRow = {
      case: spec.id,
      unit: spec.unit,
      ours: null,
      peer: spec.peer,
      peer_value: null,
      ratio: null,
    }
    return {
      row: empty,
      goal: spec.goal,
      status: 'pending',
      notes: ['not in results.json yet: run `pnpm bench`'],
      roundRatios: [],
    }
  }
  return {
    row,
    goal: spec.goal,
    status: verdict(spec.goal, row),
    notes: spec.note ? [spec.note] : [],
    roundRatios: [],
  }
}

/** Builds the row and verdict of one case from its two sides. */
export function outcomeOf(spec: CaseSpec, ours: SideResult, peer: SideResult): CaseOutcome {
  const oursValue = sideValue(ours)
  const peerValue = sideValue(peer)
  const ratio =
    oursValue !== null && peerValue !== null && peerValue > 0 ? round(oursValue / peerValue) : null
  const row: ResultRow = {
    case: spec.id,
    unit: spec.unit,
    ours: oursValue,
    peer: spec.peer,
    peer_value: spec.peer === null ? null : peerValue,
    ratio: spec.peer === null ? null : ratio,
  }
  const notes: string[] = []
  if (spec.note) notes.push(spec.note)
  for (const [label, side] of [
    ['ours', ours],
    ['peer', peer],
  ] as const) {
    if (side.kind === 'unavailable') notes.push(`${label}: ${side.note}`)
    if (side.kind === 'error') notes.push(`${label} failed: ${side.message}`)
  }
  const status: Status = ours.kind === 'error' || peer.kind === 'error' ? 'error' : verdict(spec.goal, row)
  const roundRatios =
    spec.peer !== null && ours.kind === 'value' && peer.kind === 'value'
      ? ours.values.flatMap((value, i) => {
          const peerValue = peer.values[i]
          return peerValue !== undefined && peerValue > 0 ? [round(value / peerValue)] : []
        })
      : []
  return { row, goal: spec.goal, status, notes, roundRatios }
}

const KEYS = ['case', 'unit', 'ours', 'peer', 'peer_value', 'ratio'] as const

function isNumberOrNull(value: unknown): boolean {
  return value === null || (typeof value === 'number' && Number.isFinite(value))
}

/**
 * Checks `rows` has exactly the results.json shape and one row per id in `expected`, in order.
 * Returns the problems found (empty when valid).
 */
export function validateRows(rows: unknown, expected: readonly string[]): string[] {
  const problems: string[] = []
  if (!Array.isArray(rows)) return ['results are not an array']
  const ids = rows.map((row) => (row as { case?: unknown }).case)
  if (ids.join('\n') !== expected.join('\n')) {
    problems.push(`case ids ${JSON.stringify(ids)} differ from ${JSON.stringify(expected)}`)
  }
  for (const row of rows as Array<Record<string, unknown>>) {
    const id = String(row.case)
    const keys = Object.keys(row)
    if (keys.length !== KEYS.length || KEYS.some((key) => !keys.includes(key))) {
      problems.push(`${id}: keys ${keys.join(',')} are not ${KEYS.join(',')}`)
    }
    if (row.unit !== 'ns' && row.unit !== 'bytes') problems.push(`${id}: unit ${String(row.unit)}`)
    if (row.peer !== null && typeof row.peer !== 'string')
      problems.push(`${id}: peer is not a string or null`)
    for (const key of ['ours', 'peer_value', 'ratio'] as const) {
      if (!isNumberOrNull(row[key])) problems.push(`${id}: ${key} is not a finite number or null`)
    }
    if (row.peer === null && (row.peer_value !== null || row.ratio !== null)) {
      problems.push(`${id}: peer_value and ratio must be null without a peer`)
    }
    if (
      typeof row.ours === 'number' &&
      typeof row.peer_value === 'number' &&
      row.peer_value > 0 &&
      (typeof row.ratio !== 'number' ||
        Math.abs(row.ratio - row.ours / row.peer_value) > 0.01 * Math.abs(row.ratio) + 1e-3)
    ) {
      problems.push(`${id}: ratio ${String(row.ratio)} is not ours / peer_value`)
    }
  }
  return problems
}
