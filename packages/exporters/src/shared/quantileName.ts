/**
 * The name a quantile gets in the exporters that flatten histograms and summaries into single
 * values (EMF, StatsD, Datadog), so the same quantile reads the same in each of them.
 */

/**
 * `name.p<percent>`: `checkout.latency` at 0.99 is `checkout.latency.p99`.
 *
 * @example
 * quantileName('dspex.program.duration', 0.5) // 'dspex.program.duration.p50'
 */
export function quantileName(name: string, quantile: number): string {
  return `${name}.p${quantile * 100}`
}
