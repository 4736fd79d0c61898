/**
 * Measurement inside a worker: per-operation nanoseconds through mitata (median of its samples), and
 * bytes through heap deltas around a forced GC (median of repetitions).
 */

import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { do_not_optimize, measure } from 'mitata'
import type { Problem } from './caseSpec.ts'

/** How much a worker measures. */
export interface MeasureSettings {
  /** Tiny iteration counts: proves the case runs, says nothing about speed. */
  smoke: boolean
  /** Minimum time mitata spends sampling one side, in ms. Defaults to 300 ms. */
  minCpuMs?: number
  /** Time spent calling the operation before sampling, so the JIT has settled, in ms. Defaults to 100 ms. */
  warmupMs?: number
  /** Heap repetitions whose median is reported. Defaults to 5 (2 in smoke runs). */
  heapReps?: number
}

/** What a measurement returns: the figure and how many operations/repetitions stood behind it. */
export interface Measured {
  value: number
  samples: number
}

function isPromise(value: unknown): value is Promise<unknown> {
  return typeof (value as Promise<unknown> | undefined)?.then === 'function'
}

/** What warming up learnt: whether `run` is async, and its mean time per call in ns. */
interface WarmUp {
  async: boolean
  nsPerCall: number
}

async function warmUp(run: () => unknown, ms: number, smoke: boolean): Promise<WarmUp> {
  const started = performance.now()
  const first = run()
  const async = isPromise(first)
  if (async) await first
  if (smoke) return { async, nsPerCall: (performance.now() - started) * 1e6 }
  const until = started + ms
  let calls = 1
  let now = performance.now()
  while (now < until) {
    // Batches keep the clock read out of the loop that the JIT sees most.
    for (let i = 0; i < 64; i++) {
      const value = run()
      if (async) await value
      else do_not_optimize(value)
    }
    calls += 64
    now = performance.now()
  }
  return { async, nsPerCall: ((now - started) * 1e6) / calls }
}

/** Operations faster than this are timed in batches; slower ones one call per sample. */
const BATCH_BELOW_NS = 20_000

/**
 * The median time of one call of `run`, in ns. Every result goes through mitata's
 * `do_not_optimize`, so V8 cannot drop a call whose result is unused.
 */
export async function measureNs(
  run: () => unknown,
  settings: MeasureSettings,
  opsPerRun = 1,
): Promise<Measured> {
  const { async, nsPerCall } = await warmUp(run, settings.warmupMs ?? 100, settings.smoke)
  const bench = async ? async () => do_not_optimize(await run()) : () => do_not_optimize(run())
  // mitata decides batching from one timed call, which a GC pause or a preemption can push past its
  // threshold: the whole measurement would then time single calls, clock overhead included. The
  // warm-up's mean decides instead.
  const batched = nsPerCall < BATCH_BELOW_NS
  const batch_threshold = batched ? Number.MAX_SAFE_INTEGER : -1
  // mitata only considers batching when its first timed call is under this threshold.
  const warmup_threshold = batched ? Number.MAX_SAFE_INTEGER : 0
  const options = settings.smoke
    ? {
        min_cpu_time: 0,
        min_samples: 2,
        max_samples: 2,
        warmup_samples: 0,
        batch_samples: 8,
        batch_unroll: 4,
      }
    : // At least 20 samples: slow operations (a 10k-series scrape) would otherwise get mitata's 12.
      { min_cpu_time: (settings.minCpuMs ?? 300) * 1e6, min_samples: 20, batch_threshold, warmup_threshold }
  const stats = await measure(bench, options)
  return { value: stats.p50 / opsPerRun, samples: stats.ticks * opsPerRun }
}

/**
 * The cost `run` adds over `baseline` (the same operation without the code under test), in ns per
 * operation: both are timed alternately, one call each per sample and the order flipped every
 * sample, so load and JIT drift fall on both alike; the figure is the difference of the medians.
 * Suited to operations of a millisecond or more (timer resolution is negligible there).
 */
export async function measureAddedNs(
  run: () => unknown,
  baseline: () => unknown,
  settings: MeasureSettings,
  opsPerRun = 1,
): Promise<Measured> {
  const time = async (fn: () => unknown) => {
    const started = performance.now()
    do_not_optimize(await fn())
    return performance.now() - started
  }
  const warmUntil = performance.now() + (settings.smoke ? 0 : (settings.warmupMs ?? 100))
  do {
    await time(baseline)
    await time(run)
  } while (performance.now() < warmUntil)
  const ours: number[] = []
  const base: number[] = []
  const minMs = settings.smoke ? 0 : 2 * (settings.minCpuMs ?? 300)
  const minSamples = settings.smoke ? 2 : 20
  const started = performance.now()
  for (let i = 0; i < minSamples || performance.now() - started < minMs; i++) {
    if (i % 2 === 0) {
      ours.push(await time(run))
      base.push(await time(baseline))
    } else {
      base.push(await time(baseline))
      ours.push(await time(run))
    }
  }
  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b)
    const mid = sorted.length >> 1
    return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
  }
  return { value: ((median(ours) - median(base)) * 1e6) / opsPerRun, samples: ours.length * opsPerRun }
}

/**
 * The median CPU time (user + system, every thread of this process) of one call of `run`, in ns,
 * over at least `minCpuMs` of CPU and 5 calls (1 in smoke runs) after one unmeasured call. For
 * operations that wait on another process, whose wall time says more about that process.
 */
export async function measureCpuNs(
  run: () => unknown,
  settings: MeasureSettings,
  opsPerRun = 1,
): Promise<Measured> {
  await run()
  const minCpuNs = (settings.smoke ? 0 : (settings.minCpuMs ?? 300)) * 1e6
  const minSamples = settings.smoke ? 1 : 5
  const samples: number[] = []
  let total = 0
  while (samples.length < minSamples || total < minCpuNs) {
    const before = process.cpuUsage()
    do_not_optimize(await run())
    const used = process.cpuUsage(before)
    const ns = (used.user + used.system) * 1000
    samples.push(ns / opsPerRun)
    total += ns
  }
  samples.sort((a, b) => a - b)
  return { value: samples[(samples.length - 1) >> 1]!, samples: samples.length * opsPerRun }
}

let cachedGc: (() => void) | undefined

/**
 * `global.gc`, even when the process was started without `--expose-gc` (then it is fetched through
 * V8's flag API, which Node allows at runtime).
 */
export function forceGc(): () => void {
  if (cachedGc) return cachedGc
  const exposed = (globalThis as { gc?: () => void }).gc
  if (typeof exposed === 'function') {
    cachedGc = exposed
  } else {
    setFlagsFromString('--expose-gc')
    cachedGc = runInNewContext('gc') as () => void
  }
  return cachedGc
}

function settledHeap(gc: () => void): number {
  // Two passes: the first may only promote survivors out of the young generation.
  gc()
  gc()
  return process.memoryUsage().heapUsed
}

// A function of its own, so no stale register of the caller keeps an earlier structure reachable.
function oneRepetition(
  create: (rep: number) => unknown,
  rep: number,
  slot: unknown[],
  gc: () => void,
): number {
  const before = settledHeap(gc)
  slot[0] = create(rep)
  return settledHeap(gc) - before
}

/** The median over repetitions of (heapUsed after `create` - heapUsed before) / `per`, in bytes. */
export async function measureBytes(
  create: (rep: number) => unknown,
  per: number,
  settings: MeasureSettings,
  verify?: (created: unknown) => Problem | Promise<Problem>,
): Promise<Measured & { problem: Problem }> {
  const gc = forceGc()
  const reps = settings.heapReps ?? (settings.smoke ? 2 : 5)
  // Each repetition starts from a heap without the previous one's structure (released, then
  // collected by the baseline GC): a structure kept alive would share interned strings (e.g.
  // prom-client's label-hash keys) with the next one and make it look cheaper than in a fresh app.
  // The first, unmeasured, repetition absorbs one-off costs (lazy compilation, hidden classes).
  const slot: unknown[] = [create(-1)]
  const deltas: number[] = []
  for (let rep = 0; rep < reps; rep++) {
    slot[0] = undefined
    deltas.push(oneRepetition(create, rep, slot, gc) / per)
  }
  // Verified once, after measuring: a check that reads the store (collect) may allocate caches
  // that would otherwise land in the next repetition's delta.
  const problem = await verify?.(slot[0])
  deltas.sort((a, b) => a - b)
  return { value: deltas[(deltas.length - 1) >> 1] ?? Number.NaN, samples: reps, problem }
}
