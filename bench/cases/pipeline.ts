/**
 * The whole hot path a collector adds to an app, with no peer: `execute` -> a collector-style handler
 * (attached once, its bound series carried in `config`) -> a bound counter. Absolute goal.
 */
import type { BoundCounter } from '../../packages/core/src/metrics/types.ts'
import type { CaseSpec } from '../caseSpec.ts'
import { measurementSets, ROTATION_MASK } from '../fixtures.ts'
import { guard, ourTelemetry, ourTotal, verifyWith } from '../ours.ts'
import { expectTotal } from '../peers.ts'

const EVENT = 'foundation.bench.task.stop'
const METRIC = 'foundation.bench.task.items'

/** `pipeline.event_to_metric`. */
export const pipelineEventToMetric: CaseSpec = {
  id: 'pipeline.event_to_metric',
  unit: 'ns',
  goal: { kind: 'absolute', max: 100 },
  peer: null,
  description: 't.execute(event) -> attached handler -> bound counter add(measurements.count)',
  ours: () =>
    guard(async () => {
      const { telemetry, log } = await ourTelemetry()
      const counter = telemetry.metrics.counter(METRIC, { description: 'bench items' })
      const config = { items: counter.bind({ agent_id: 'agent_0001', action: 'plan' }) }
      telemetry.attach(
        'bench.collector',
        EVENT,
        (_event, measurements, _metadata, bound: { items: BoundCounter }) => {
          bound.items.add(measurements.count)
        },
        config,
      )
      const measurements = measurementSets()
      const metadata = measurements.map((_, i) => ({ agent_id: `agent_${i & 7}` }))
      let n = 0
      return {
        kind: 'ns',
        run: () => {
          const i = ++n & ROTATION_MASK
          return telemetry.execute(EVENT, measurements[i], metadata[i])
        },
        verify: verifyWith(log, () => {
          let expected = 0
          for (let k = 1; k <= n; k++) expected += measurements[k & ROTATION_MASK]!.count
          return expectTotal('pipeline counter', ourTotal(telemetry, METRIC), expected)
        }),
      }
    }),
}
