/**
 * The load level over time for one run: warm-up, the executor's stages, cool-down, as linear
 * segments. Closed models read it as a VU count, open models as an arrival rate (iterations per
 * ms), and the open model inverts its integral to find when each iteration is due.
 */

/** One linear piece: the level moves from `from` to `to` over `durationMs`, starting at `startMs`. */
export interface Segment {
  readonly startMs: number
  readonly durationMs: number
  readonly from: number
  readonly to: number
}

/** The phase a point in time belongs to. */
export type Phase = 'warmup' | 'main' | 'cooldown'

/** A run's load over time. */
export interface LoadProfile {
  /** `closed`: levels are VUs. `open`: levels are iterations per ms. */
  readonly model: 'closed' | 'open'
  readonly segments: readonly Segment[]
  readonly warmupMs: number
  readonly mainMs: number
  readonly cooldownMs: number
  readonly totalMs: number
  /** Open model: VUs allocated up front and the most ever allocated. */
  readonly preAllocatedVUs: number
  readonly maxVUs: number
  /** Closed model: stop after this many iterations in total (shared by every VU). */
  readonly iterations: number | undefined
}

/** Build a profile from the executor's stages (levels already in VUs or per-ms rates). */
export function buildProfile(input: {
  model: 'closed' | 'open'
  start: number
  stages: ReadonlyArray<{ durationMs: number; target: number }>
  warmupMs: number
  cooldownMs: number
  preAllocatedVUs?: number
  maxVUs?: number
  iterations?: number
}): LoadProfile {
  const segments: Segment[] = []
  let at = 0
  const push = (durationMs: number, from: number, to: number) => {
    if (durationMs > 0) segments.push({ startMs: at, durationMs, from, to })
    at += durationMs
  }
  push(input.warmupMs, input.start, input.start)
  let level = input.start
  let mainMs = 0
  for (const stage of input.stages) {
    push(stage.durationMs, level, stage.target)
    level = stage.target
    mainMs += stage.durationMs
  }
  push(input.cooldownMs, level, level)
  return {
    model: input.model,
    segments,
    warmupMs: input.warmupMs,
    mainMs,
    cooldownMs: input.cooldownMs,
    totalMs: at,
    preAllocatedVUs: input.preAllocatedVUs ?? 0,
    maxVUs: input.maxVUs ?? 0,
    iterations: input.iterations,
  }
}

/** The phase at `t` ms into the run. */
export function phaseAt(profile: LoadProfile, t: number): Phase {
  if (t < profile.warmupMs) return 'warmup'
  if (t < profile.warmupMs + profile.mainMs) return 'main'
  return 'cooldown'
}

/** The level at `t` ms into the run (0 outside it). */
export function levelAt(profile: LoadProfile, t: number): number {
  for (const s of profile.segments) {
    if (t < s.startMs + s.durationMs) {
      if (t < s.startMs) return 0
      return s.from + ((s.to - s.from) * (t - s.startMs)) / s.durationMs
    }
  }
  return 0
}

/**
 * Open model: the time (ms into the run) at which the `n`-th iteration (0-based) is due, i.e.
 * where the integral of the rate first reaches `n`; undefined when the run ends first. The first
 * iteration is due at once.
 */
export function dueTime(profile: LoadProfile, n: number): number | undefined {
  let before = 0
  for (const s of profile.segments) {
    const area = ((s.from + s.to) / 2) * s.durationMs
    if (before + area > n || (n === 0 && area > 0)) {
      const need = n - before
      return s.startMs + offsetFor(s, need)
    }
    before += area
  }
  return undefined
}

/** Time into segment `s` at which its integral reaches `need` (0 <= need < area). */
function offsetFor(s: Segment, need: number): number {
  if (need <= 0) return 0
  const slope = (s.to - s.from) / s.durationMs
  if (Math.abs(slope) < 1e-15) return need / s.from
  // from * x + slope * x^2 / 2 = need: the root in [0, durationMs].
  const disc = s.from * s.from + 2 * slope * need
  const x = (-s.from + Math.sqrt(Math.max(0, disc))) / slope
  return Math.min(Math.max(0, x), s.durationMs)
}

/** Open model: iterations due before `t` ms into the run (the integral of the rate, rounded up). */
export function countBefore(profile: LoadProfile, t: number): number {
  if (t <= 0) return 0
  let area = 0
  for (const s of profile.segments) {
    if (t >= s.startMs + s.durationMs) {
      area += ((s.from + s.to) / 2) * s.durationMs
      continue
    }
    if (t > s.startMs) {
      const x = t - s.startMs
      area += s.from * x + ((s.to - s.from) / s.durationMs) * x * x * 0.5
    }
    break
  }
  return Math.ceil(area - 1e-9)
}

/**
 * Ms of the main (measured) phase passed at monotonic time `at`, for a run that began at
 * `runStart`: 0 during warm-up, at most `mainMs` once the main phase is over.
 */
export function mainElapsedAt(profile: LoadProfile, runStart: number, at: number): number {
  const mainStart = runStart + profile.warmupMs
  return Math.max(0, Math.min(at, mainStart + profile.mainMs) - mainStart)
}

/** The most VUs the run can have at once: the highest level of a closed model, an open model's `maxVUs`. */
export function peakVUs(profile: LoadProfile): number {
  return profile.model === 'closed'
    ? Math.max(...profile.segments.map((s) => Math.max(s.from, s.to)), 0)
    : profile.maxVUs
}
