/**
 * Deterministic inputs shared by our side and the peer side of every case, so both do the same work
 * on the same data. Inputs rotate through arrays (never one constant object) so neither side can win
 * by caching a single tag set or by V8 folding a constant.
 */
import { seededRandom as createRandom } from '../tooling/testing/seededRandom.ts'

/** Tag keys of every tagged case: two keys, snake_case like the seeds' metadata. */
export const TAG_KEYS = ['agent_id', 'action'] as const

/** A two-tag set, the shape every tagged case records with. */
export type TwoTags = { agent_id: string; action: string }

/**
 * The counter of the counter, Prometheus and cluster cases: our name, prom-client's name for the same
 * metric (Prometheus naming, `_total`), and the description / help both sides give it.
 */
export const REQUESTS = {
  name: 'foundation.bench.requests',
  promName: 'foundation_bench_requests_total',
  description: 'bench requests',
} as const

/** How many distinct tag sets the hot-path cases rotate through (a power of two, for masking). */
export const ROTATION = 64

/** Mask for an index into a {@link ROTATION}-long array. */
export const ROTATION_MASK = ROTATION - 1

/** A small seeded PRNG (mulberry32), so every run and both sides see the same values. */
export { createRandom }

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0')
}

/**
 * `agents * actions` distinct two-tag sets, agent-major. Fresh objects and fresh strings on every
 * call, so a heap measurement can build its inputs before the baseline is taken.
 */
export function tagGrid(agents: number, actions: number): TwoTags[] {
  const out: TwoTags[] = []
  for (let a = 0; a < agents; a++) {
    for (let b = 0; b < actions; b++) {
      out.push({ agent_id: `agent_${pad(a, 4)}`, action: `action_${pad(b, 3)}` })
    }
  }
  return out
}

/** {@link ROTATION} tag sets over 8 agents x 8 actions, for the hot-path cases. */
export function rotatingTags(): TwoTags[] {
  return tagGrid(8, 8)
}

/** The 10 000 two-tag series of the serialization and heap cases: 100 agents x 100 actions. */
export function series10k(): TwoTags[] {
  return tagGrid(100, 100)
}

/** Histogram bucket bounds in ms, given identically to both sides. */
export const BUCKETS_MS: readonly number[] = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000]

/**
 * {@link ROTATION} latencies in ms, log-uniform over 0.5 ms .. 20 s, so records land in every bucket
 * (including the overflow) instead of always the same one.
 */
export function latenciesMs(): number[] {
  const next = createRandom(42)
  const lo = Math.log(0.5)
  const hi = Math.log(20000)
  return Array.from({ length: ROTATION }, () => Math.exp(lo + (hi - lo) * next()))
}

/** Event measurements rotated through by the bus cases. */
export function measurementSets(): Array<{ duration: number; count: number }> {
  const next = createRandom(11)
  return Array.from({ length: ROTATION }, (_, i) => ({ duration: next() * 100, count: (i % 7) + 1 }))
}
