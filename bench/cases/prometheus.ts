/** Prometheus text exposition of the same 10 000 two-tag counter series: ours vs prom-client. */
import client from 'prom-client'
import type { CaseDefinition, Prepared } from '../caseSpec.ts'
import { series10k, TAG_KEYS } from '../fixtures.ts'
import { importFunction, ourTelemetry, verifyWith } from '../ours.ts'

const SERIES = 10_000
const OUR_NAME = 'foundation.bench.requests'
const PROM_NAME = 'foundation_bench_requests_total'

/** The shape of `createPrometheusExporter` the bench relies on. */
type CreatePrometheusExporter = (options: { telemetry: unknown }) => {
  serialize(format?: 'text' | 'openmetrics'): string | Promise<string>
}

function countSamples(text: string, prefix: string): number {
  let count = 0
  for (const line of text.split('\n')) if (line.startsWith(prefix)) count++
  return count
}

function expectSamples(what: string, text: string, prefix: string): string | undefined {
  const samples = countSamples(text, `${prefix}{`)
  return samples === SERIES ? undefined : `${what}: ${samples} samples of ${prefix}, expected ${SERIES}`
}

/** `prometheus.serialize.10k`. */
export const prometheusSerialize10k: CaseDefinition = {
  unit: 'ns',
  goal: { kind: 'ratio', max: 0.3 },
  peer: 'prom-client registry.metrics()',
  description: 'text exposition (0.0.4) of one counter with 10 000 two-tag series, per full scrape',
  ours: async () => {
    const createPrometheusExporter = await importFunction<CreatePrometheusExporter>(
      '@foundation-telemetry/exporters/prometheus',
      'createPrometheusExporter',
    )
    const { telemetry, log } = await ourTelemetry()
    const counter = telemetry.metrics.counter(OUR_NAME, {
      description: 'bench requests',
      cardinalityLimit: 2 * SERIES,
    })
    for (const [k, tags] of series10k().entries()) counter.add(k + 1, tags)
    const exporter = createPrometheusExporter({ telemetry })
    let last = ''
    return {
      kind: 'ns',
      run: () => {
        const out = exporter.serialize('text')
        if (typeof out === 'string') last = out
        else return out.then((text) => (last = text))
        return out
      },
      verify: verifyWith(log, () => expectSamples('our exposition', last, 'foundation_bench_requests_total')),
    }
  },
  peerSide: async (): Promise<Prepared> => {
    const registry = new client.Registry()
    const counter = new client.Counter({
      name: PROM_NAME,
      help: 'bench requests',
      labelNames: TAG_KEYS,
      registers: [registry],
    })
    for (const [k, tags] of series10k().entries()) counter.inc(tags, k + 1)
    let last = ''
    return {
      kind: 'ns',
      run: () => registry.metrics().then((text) => (last = text)),
      verify: () => expectSamples('prom-client exposition', last, PROM_NAME),
    }
  },
}
