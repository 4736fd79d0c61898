export { seededRandom } from '../../../tooling/testing/seededRandom.ts'

/** A random 32-hex-digit trace id from `random`. */
export function traceIdFrom(random: () => number): string {
  let id = ''
  for (let i = 0; i < 4; i++)
    id += Math.floor(random() * 2 ** 32)
      .toString(16)
      .padStart(8, '0')
  return id
}
