/** The suite's seed: fixed so failures reproduce, overridable with `RELIABILITY_SEED`. */
export const SEED = Number(process.env.RELIABILITY_SEED ?? 18)

/** A small deterministic PRNG (mulberry32) for the fuzz's choices. */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
