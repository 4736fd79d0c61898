/**
 * The Foundation collector's hot path and the opossum adapter's overhead.
 * `collector.foundation.event_to_metrics`: one `foundation.circuit_breaker.call.stop` event by name
 * on a default `createTelemetry()`, through the real collector into its call counter and latency
 * histogram (plus whatever else the collector records from that event), against prom-client doing
 * the two updates directly. `adapter.opossum.fire`: `breaker.fire()` of a resolved async function
 * with `instrumentOpossum` attached, against the same bare breaker.
 */

import CircuitBreaker from 'opossum'
import client from 'prom-client'
import type { CaseDefinition, Prepared } from '../caseSpec.ts'
import { latenciesMs, ROTATION_MASK } from '../fixtures.ts'
import { expectTotal, importFunction, ourTelemetry, ourTotal, verifyWith } from '../ours.ts'
import { promTotal } from '../prom.ts'

const EVENT = 'foundation.circuit_breaker.call.stop'
const COLLECTOR = '@foundation-telemetry/foundation-collector'
/** Eight breakers, as a service guarding a handful of downstreams would have. */
const BREAKERS = Array.from({ length: 8 }, (_, i) => `downstream_${i}`)

type Attach = typeof import('@foundation-telemetry/foundation-collector').attachFoundationCollector
type Instrument = typeof import('@foundation-telemetry/foundation-collector/opossum').instrumentOpossum

async function oursEventToMetrics(): Promise<Prepared> {
  const { telemetry, log } = await ourTelemetry()
  const attach = await importFunction<Attach>(COLLECTOR, 'attachFoundationCollector')
  attach(telemetry)
  const values = latenciesMs()
  const metadata = Array.from({ length: ROTATION_MASK + 1 }, (_, i) => ({ name: BREAKERS[i & 7] as string }))
  const measurements = values.map((duration) => ({ duration, monotonic_time: 0 }))
  let n = 0
  return {
    kind: 'ns',
    run: () => {
      const i = ++n & ROTATION_MASK
      return telemetry.execute(EVENT, measurements[(i * 5) & ROTATION_MASK], metadata[i])
    },
    verify: verifyWith(
      log,
      () =>
        expectTotal('collector call counter', ourTotal(telemetry, 'foundation.circuit_breaker.calls'), n) ??
        expectTotal(
          'collector latency histogram',
          ourTotal(telemetry, 'foundation.circuit_breaker.latency'),
          n,
        ),
    ),
  }
}

async function promEventToMetrics(): Promise<Prepared> {
  const registry = new client.Registry()
  const calls = new client.Counter({
    name: 'foundation_circuit_breaker_calls_total',
    help: 'calls',
    labelNames: ['name', 'outcome'],
    registers: [registry],
  })
  const latency = new client.Histogram({
    name: 'foundation_circuit_breaker_latency_seconds',
    help: 'latency',
    labelNames: ['name'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10],
    registers: [registry],
  })
  const values = latenciesMs()
  const labels = Array.from({ length: ROTATION_MASK + 1 }, (_, i) => ({
    name: BREAKERS[i & 7] as string,
    outcome: 'success',
  }))
  const names = labels.map(({ name }) => ({ name }))
  let n = 0
  return {
    kind: 'ns',
    run: () => {
      const i = ++n & ROTATION_MASK
      calls.inc(labels[i]!)
      latency.observe(names[i]!, values[(i * 5) & ROTATION_MASK]! / 1000)
    },
    verify: async () => expectTotal('prom-client counter', await promTotal(calls), n),
  }
}

/** `collector.foundation.event_to_metrics`. */
export const collectorFoundationEventToMetrics: CaseDefinition = {
  unit: 'ns',
  goal: { kind: 'ratio', max: 0.25 },
  peer: 'prom-client Counter.inc(labels) + Histogram.observe(labels, v)',
  description:
    't.execute(foundation.circuit_breaker.call.stop) on a default createTelemetry() through attachFoundationCollector (calls counter, latency histogram, error-rate counter, breaker tracking, input check), 8 breakers',
  ours: oursEventToMetrics,
  peerSide: promEventToMetrics,
}

/** A breaker as both sides build it: opossum's defaults (10 s timeout, rolling stats). */
function newBreaker(): CircuitBreaker<[number], number> {
  return new CircuitBreaker(async (x: number) => x, { name: 'bench' })
}

async function oursFire(withCollector: boolean, traced = false): Promise<Prepared> {
  const { telemetry, log } = await ourTelemetry()
  const instrument = await importFunction<Instrument>(`${COLLECTOR}/opossum`, 'instrumentOpossum')
  if (withCollector) (await importFunction<Attach>(COLLECTOR, 'attachFoundationCollector'))(telemetry)
  let ended = 0
  if (traced) {
    telemetry.addSpanProcessor({
      onStart() {},
      onEnd() {
        ended++
      },
      forceFlush: async () => {},
      shutdown: async () => {},
    })
  }
  const breaker = newBreaker()
  instrument(telemetry, breaker)
  let n = 0
  return {
    kind: 'ns',
    run: () => breaker.fire(++n),
    verify: verifyWith(log, () => {
      if (breaker.stats.fires === 0) return 'the breaker never fired'
      if (traced) return expectTotal('call spans', ended, n)
      if (withCollector)
        return expectTotal('breaker calls', ourTotal(telemetry, 'foundation.circuit_breaker.calls'), n)
      return undefined
    }),
  }
}

async function bareFire(): Promise<Prepared> {
  const breaker = newBreaker()
  let n = 0
  return {
    kind: 'ns',
    run: () => breaker.fire(++n),
    verify: () => (breaker.stats.fires === 0 ? 'the breaker never fired' : undefined),
  }
}

/** `adapter.opossum.fire`. */
export const adapterOpossumFire: CaseDefinition = {
  unit: 'ns',
  goal: { kind: 'ratio', max: 1.15 },
  peer: 'opossum breaker.fire() without instrumentation',
  description:
    'breaker.fire() of a resolved async function with instrumentOpossum attached to a default createTelemetry() (no span processor, no call-event handler: the adapter makes no call span, as the OpenTelemetry API without an SDK; see the .traced and .collected rows)',
  ours: () => oursFire(false),
  peerSide: bareFire,
}

/** `adapter.opossum.fire.collected` (extra): the same with the Foundation collector recording it. */
export const adapterOpossumFireCollected: CaseDefinition = {
  unit: 'ns',
  goal: { kind: 'none', max: 0 },
  peer: 'opossum breaker.fire() without instrumentation',
  description: 'breaker.fire() with instrumentOpossum and attachFoundationCollector attached',
  ours: () => oursFire(true),
  peerSide: bareFire,
}

/** `adapter.opossum.fire.traced` (extra): the same with a span processor, so every call is a span. */
export const adapterOpossumFireTraced: CaseDefinition = {
  unit: 'ns',
  goal: { kind: 'none', max: 0 },
  peer: 'opossum breaker.fire() without instrumentation',
  description:
    'breaker.fire() with instrumentOpossum and a (counting) span processor: a call span active around the action',
  ours: () => oursFire(false, true),
  peerSide: bareFire,
}
