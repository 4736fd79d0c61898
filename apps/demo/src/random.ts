/** A small seeded PRNG (mulberry32), so a demo run with the same seed behaves the same way. */
export type Random = () => number

/** A uniform random number in [0, 1) from `seed`. */
export function createRandom(seed: number): Random {
  let a = seed | 0
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let x = Math.imul(a ^ (a >>> 15), 1 | a)
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
}

/** A lognormal latency in ms around `median`, the usual shape of service latencies. */
export function latency(random: Random, median: number, spread = 0.5): number {
  const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
  return median * Math.exp(spread * normal)
}
