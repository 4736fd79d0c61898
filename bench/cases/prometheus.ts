/** Prometheus text exposition of the same 10 000 two-tag counter series: ours vs prom-client. */
import client from 'prom-client'
import type { CaseDefinition, Prepared } from '../caseSpec.ts'
import { expectSamples, ourExposition, ourRequests10k, promRequests10k } from '../exposition.ts'
import { ourTelemetry, verifyWith } from '../ours.ts'

/** `prometheus.serialize.10k`. */
export const prometheusSerialize10k: CaseDefinition = {
  unit: 'ns',
  goal: { kind: 'ratio', max: 0.3 },
  peer: 'prom-client registry.metrics()',
  description: 'text exposition (0.0.4) of one counter with 10 000 two-tag series, per full scrape',
  ours: async () => {
    const { telemetry, log } = await ourTelemetry()
    ourRequests10k(telemetry.metrics)
    const { run, last } = await ourExposition(telemetry)
    return {
      kind: 'ns',
      run,
      verify: verifyWith(log, () => expectSamples('our exposition', last())),
    }
  },
  peerSide: async (): Promise<Prepared> => {
    const registry = new client.Registry()
    promRequests10k(registry)
    let last = ''
    return {
      kind: 'ns',
      run: () => registry.metrics().then((text) => (last = text)),
      verify: () => expectSamples('prom-client exposition', last),
    }
  },
}
