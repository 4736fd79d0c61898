/** The suite's seed: fixed so failures reproduce, overridable with `RELIABILITY_SEED`. */
export const SEED = Number(process.env.RELIABILITY_SEED ?? 18)

/** A small deterministic PRNG (mulberry32) for the fuzz's choices. */
export { seededRandom as prng } from '../../../tooling/testing/seededRandom.ts'
