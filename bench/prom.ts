/**
 * prom-client, the peer of most metric cases, set up the same way wherever it is compared. A module
 * of its own (not `peers.ts`), so only the workers of cases comparing against prom-client load it.
 */
import client from 'prom-client'
import { BUCKETS_MS, REQUESTS, TAG_KEYS } from './fixtures.ts'

/** prom-client's {@link REQUESTS} counter, labelled by our two tag keys, registered in `registers`. */
export function promRequests(registers: client.Registry[] = []): client.Counter<(typeof TAG_KEYS)[number]> {
  return new client.Counter({
    name: REQUESTS.promName,
    help: REQUESTS.description,
    labelNames: TAG_KEYS,
    registers,
  })
}

/** A prom-client histogram in ms on {@link BUCKETS_MS}, the buckets our side is given, in no registry. */
export function promMsHistogram<L extends string>(
  name: string,
  help: string,
  labelNames: readonly L[],
): client.Histogram<L> {
  return new client.Histogram({ name, help, labelNames, buckets: [...BUCKETS_MS], registers: [] })
}

/** What {@link promTotal} reads: any prom-client metric. */
interface PromMetric {
  get(): Promise<{ values: ReadonlyArray<{ value: number; metricName?: string }> }>
}

/**
 * The sum of a prom-client metric's sample values: a counter's total over its series, or, with
 * `suffix` `'_count'`, a histogram's count.
 */
export async function promTotal(metric: PromMetric, suffix?: string): Promise<number> {
  const { values } = await metric.get()
  let sum = 0
  for (const line of values) if (suffix === undefined || line.metricName?.endsWith(suffix)) sum += line.value
  return sum
}
