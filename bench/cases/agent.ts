/**
 * The agent-layer collector on its busiest event: one signal dispatch ending
 * (`foundation_jido.signal.dispatch.stop`) recorded as the taxonomy's dispatch counter (adapter,
 * success, target type) and duration histogram (adapter), plus the dispatch-success KPI window.
 * The peer records the same two metrics by hand with prom-client; it keeps no KPI window.
 */

import client from 'prom-client'
import type { CaseDefinition, Prepared } from '../caseSpec.ts'
import { latenciesMs, ROTATION, ROTATION_MASK } from '../fixtures.ts'
import { eventHandle, expectTotal, importFunction, ourTelemetry, ourTotal, verifyWith } from '../ours.ts'
import { promMsHistogram, promTotal } from '../prom.ts'

const EVENT = 'foundation_jido.signal.dispatch.stop'
const ADAPTERS = ['pubsub', 'http', 'logger', 'bus']
const TARGETS = ['agent', 'topic']

function dispatchMetadata() {
  return Array.from({ length: ROTATION }, (_, i) => ({
    signal_type: 'task.assigned',
    adapter: ADAPTERS[i & 3] as string,
    target_type: TARGETS[(i >> 2) & 1] as string,
  }))
}

async function oursDispatch(): Promise<Prepared> {
  const attachAgentCollector = await importFunction<
    typeof import('@foundation-telemetry/agent-integration').attachAgentCollector
  >('@foundation-telemetry/agent-integration', 'attachAgentCollector')
  const { telemetry, log } = await ourTelemetry({ enrich: false })
  attachAgentCollector(telemetry)
  const event = eventHandle(telemetry, EVENT)
  const metadata = dispatchMetadata()
  const values = latenciesMs()
  const measurements = values.map((duration, i) => ({ duration, monotonic_time: i }))
  let n = 0
  return {
    kind: 'ns',
    run: () => {
      const i = ++n & ROTATION_MASK
      return event.execute(measurements[i], metadata[i])
    },
    verify: verifyWith(
      log,
      () =>
        expectTotal('dispatches', ourTotal(telemetry, 'foundation_jido.signal.dispatches'), n) ??
        expectTotal('dispatch durations', ourTotal(telemetry, 'foundation_jido.signal.dispatch_duration'), n),
    ),
  }
}

async function promDispatch(): Promise<Prepared> {
  const dispatches = new client.Counter({
    name: 'foundation_jido_signal_dispatches_total',
    help: 'Signal dispatches',
    labelNames: ['adapter', 'success', 'target_type'],
    registers: [],
  })
  const duration = promMsHistogram(
    'foundation_jido_signal_dispatch_duration_milliseconds',
    'Signal dispatch time',
    ['adapter'],
  )
  const metadata = dispatchMetadata()
  const values = latenciesMs()
  let n = 0
  return {
    kind: 'ns',
    run: () => {
      const i = ++n & ROTATION_MASK
      const md = metadata[i]!
      dispatches.inc({ adapter: md.adapter, success: 'true', target_type: md.target_type })
      return duration.observe({ adapter: md.adapter }, values[i]!)
    },
    verify: async () => expectTotal('prom-client dispatches', await promTotal(dispatches), n),
  }
}

/** `agent.collector.dispatch` (extra): an agent-layer event through the collector vs hand-written prom-client. */
export const agentCollectorDispatch: CaseDefinition = {
  unit: 'ns',
  goal: { kind: 'none', max: 0 },
  peer: 'prom-client Counter.inc + Histogram.observe (same two metrics, no KPI window)',
  description:
    'a dispatch .stop event (enrich: false) -> attachAgentCollector: dispatch counter (3 tags), duration histogram, success-rate KPI window',
  ours: oursDispatch,
  peerSide: promDispatch,
}
