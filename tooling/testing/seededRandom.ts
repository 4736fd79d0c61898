/**
 * A seeded uniform source in [0, 1) (mulberry32): statistical tests, fuzzing and the benchmark's
 * inputs draw from it so every run sees the same values and a failure reproduces from its seed.
 *
 * @example
 * const random = seededRandom(42)
 * random() // the same first value on every run
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
