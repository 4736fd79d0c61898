/**
 * The whole hot path a collector adds to an app, with no peer: an event -> a collector-style handler
 * (attached once, its bound series carried in `config`) -> a bound counter. Absolute goal. The goal
 * row emits through a handle made once (`t.event(name)`) with `enrich: false`, as a library emitting
 * a hot event would; the extra row emits by name with `t.execute(name, ...)`.
 */
import type { BoundCounter } from '@foundation-telemetry/core'
import type { CaseDefinition, Prepared } from '../caseSpec.ts'
import { measurementSets, ROTATION_MASK } from '../fixtures.ts'
import { eventHandle, expectTotal, ourTelemetry, ourTotal, verifyWith } from '../ours.ts'

const EVENT = 'foundation.bench.task.stop'
const METRIC = 'foundation.bench.task.items'

async function oursPipeline(api: 'handle' | 'name'): Promise<Prepared> {
  const { telemetry, log } = await ourTelemetry({ enrich: false })
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
  const verify = verifyWith(log, () => {
    let expected = 0
    for (let k = 1; k <= n; k++) expected += measurements[k & ROTATION_MASK]!.count
    return expectTotal('pipeline counter', ourTotal(telemetry, METRIC), expected)
  })
  if (api === 'name')
    return {
      kind: 'ns',
      run: () => {
        const i = ++n & ROTATION_MASK
        return telemetry.execute(EVENT, measurements[i], metadata[i])
      },
      verify,
    }
  const event = eventHandle(telemetry, EVENT)
  return {
    kind: 'ns',
    run: () => {
      const i = ++n & ROTATION_MASK
      return event.execute(measurements[i], metadata[i])
    },
    verify,
  }
}

/** `pipeline.event_to_metric`: through a handle, enrich off. */
export const pipelineEventToMetric: CaseDefinition = {
  unit: 'ns',
  goal: { kind: 'absolute', max: 100 },
  peer: null,
  description: 't.event(name).execute(m, md) (enrich: false) -> attached handler -> bound counter add(count)',
  ours: () => oursPipeline('handle'),
}

/** `pipeline.event_to_metric.by_name` (extra): the same through `t.execute(name, ...)`. */
export const pipelineEventToMetricByName: CaseDefinition = {
  unit: 'ns',
  goal: { kind: 'none', max: 0 },
  peer: null,
  description: 't.execute(name, m, md) (enrich: false) -> attached handler -> bound counter add(count)',
  ours: () => oursPipeline('name'),
}
