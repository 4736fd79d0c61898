/**
 * Heap per series: the bytes one two-tag counter series costs, ours vs prom-client. Measured as the
 * heapUsed delta around creating 10 000 series after forced GCs, divided by 10 000, median of 5
 * repetitions (after one unmeasured warm-up), each repetition a new instrument. Tag values are strings
 * that exist beforehand (as ids do in an app); the tag objects are created inside the measurement, as
 * `counter.add(1, { agent_id, action })` creates them in an app, so a store that keeps the caller's
 * object pays for it and one that copies pays for the copy.
 */

import type { Counter } from '@foundation-telemetry/core'
import client from 'prom-client'
import type { CaseDefinition, Prepared } from '../caseSpec.ts'
import { series10k, TAG_KEYS } from '../fixtures.ts'
import { ourTelemetry } from '../ours.ts'

const SERIES = 10_000

function tagValues(): { agents: string[]; actions: string[] } {
  const grid = series10k()
  return { agents: grid.map((tags) => tags.agent_id), actions: grid.map((tags) => tags.action) }
}

/** `heap.per_series.10k`. */
export const heapPerSeries10k: CaseDefinition = {
  unit: 'bytes',
  goal: { kind: 'ratio', max: 0.3 },
  peer: 'prom-client Counter, 10k label sets',
  description: 'retained heap per two-tag counter series, 10 000 series, median of 5 repetitions',
  ours: async () => {
    const { telemetry, log } = await ourTelemetry()
    // Reached before measuring, so an engine that is not built yet makes the case pending, not failed.
    const metrics = telemetry.metrics
    const { agents, actions } = tagValues()
    return {
      kind: 'bytes',
      per: SERIES,
      create: (rep) => {
        const counter = metrics.counter(`foundation.bench.heap_${rep + 1}`, {
          description: 'bench heap',
          cardinalityLimit: 2 * SERIES,
        })
        for (let k = 0; k < SERIES; k++) counter.add(1, { agent_id: agents[k]!, action: actions[k]! })
        return counter
      },
      verify: (created) => {
        const name = (created as Counter).name
        const metric = metrics.collect().find((m) => m.name === name)
        const series = metric?.series.length ?? 0
        return (
          log.describe() ??
          (series === SERIES ? undefined : `${name} has ${series} series, expected ${SERIES}`)
        )
      },
    } satisfies Prepared
  },
  peerSide: async (): Promise<Prepared> => {
    const { agents, actions } = tagValues()
    return {
      kind: 'bytes',
      per: SERIES,
      create: (rep) => {
        const counter = new client.Counter({
          name: `foundation_bench_heap_${rep + 1}_total`,
          help: 'bench heap',
          labelNames: TAG_KEYS,
          registers: [],
        })
        for (let k = 0; k < SERIES; k++) counter.inc({ agent_id: agents[k]!, action: actions[k]! })
        return counter
      },
      verify: async (created) => {
        const { values } = await (created as client.Counter).get()
        return values.length === SERIES
          ? undefined
          : `prom-client has ${values.length} series, expected ${SERIES}`
      },
    }
  },
}
