/**
 * Counter increments against prom-client and the OpenTelemetry metrics SDK: with a tag object per
 * call (the convenient form) and through a bound series (the hot-path form).
 */
import client from 'prom-client'
import type { CaseDefinition, Prepared } from '../caseSpec.ts'
import { REQUESTS, ROTATION_MASK, rotatingTags, TAG_KEYS } from '../fixtures.ts'
import { expectTotal, ourTelemetry, ourTotal, verifyWith } from '../ours.ts'
import { otelMeter } from '../peers.ts'
import { promRequests, promTotal } from '../prom.ts'

const { name: OUR_NAME, description } = REQUESTS

/**
 * Our counter with a tag object per call; shared by the prom-client and the OTel comparison.
 * `declared`: the tag keys are declared up front (`tagKeys`), as prom-client's `labelNames` are;
 * otherwise every key of each tag object is walked.
 */
async function oursAddTags(declared: boolean): Promise<Prepared> {
  const { telemetry, log } = await ourTelemetry()
  const counter = telemetry.metrics.counter(
    OUR_NAME,
    declared ? { description, tagKeys: TAG_KEYS } : { description },
  )
  const tags = rotatingTags()
  let n = 0
  return {
    kind: 'ns',
    run: () => counter.add(1, tags[++n & ROTATION_MASK]),
    verify: verifyWith(log, () => expectTotal('our counter', ourTotal(telemetry, OUR_NAME), n)),
  }
}

/** `counter.add.tags`: `counter.add(1, tags)` vs prom-client `counter.inc(labels)`. */
export const counterAddTags: CaseDefinition = {
  unit: 'ns',
  goal: { kind: 'ratio', max: 0.1 },
  peer: 'prom-client Counter.inc(labels)',
  description: 'counter.add(1, tags) rotating 64 two-tag sets, tag keys declared (as labelNames are)',
  ours: () => oursAddTags(true),
  peerSide: promCounterInc,
}

/** `counter.add.tags.undeclared` (extra): the same without declaring the tag keys. */
export const counterAddTagsUndeclared: CaseDefinition = {
  unit: 'ns',
  goal: { kind: 'none', max: 0 },
  peer: 'prom-client Counter.inc(labels)',
  description: 'counter.add(1, tags) rotating 64 two-tag sets, tag keys not declared (each object walked)',
  ours: () => oursAddTags(false),
  peerSide: promCounterInc,
}

/** prom-client's `counter.inc(labels)`, label names declared (prom-client requires them). */
async function promCounterInc(): Promise<Prepared> {
  const counter = promRequests([new client.Registry()])
  const tags = rotatingTags()
  let n = 0
  return {
    kind: 'ns',
    run: () => counter.inc(tags[++n & ROTATION_MASK]!),
    verify: async () => expectTotal('prom-client counter', await promTotal(counter), n),
  }
}

/** `counter.add.tags.otel`: the same operation vs OTel `counter.add(1, attributes)` with a reader. */
export const counterAddTagsOtel: CaseDefinition = {
  unit: 'ns',
  goal: { kind: 'ratio', max: 0.05 },
  peer: '@opentelemetry/sdk-metrics counter.add(1, attrs), reader attached',
  description: 'counter.add(1, tags) rotating 64 two-tag sets, tag keys declared (same as counter.add.tags)',
  ours: () => oursAddTags(true),
  peerSide: async (): Promise<Prepared> => {
    const { meter, total } = otelMeter()
    const counter = meter.createCounter(OUR_NAME, { description })
    const tags = rotatingTags()
    let n = 0
    return {
      kind: 'ns',
      run: () => counter.add(1, tags[++n & ROTATION_MASK]),
      verify: async () => expectTotal('OTel counter', await total(OUR_NAME), n),
    }
  },
}

/** `counter.add.bound`: a bound series' `add()` vs prom-client's `counter.labels(...)` child `inc()`. */
export const counterAddBound: CaseDefinition = {
  unit: 'ns',
  goal: { kind: 'ratio', max: 0.05 },
  peer: 'prom-client counter.labels(...).inc()',
  description: 'bound.add() on 64 series bound once up front, rotated',
  ours: async () => {
    const { telemetry, log } = await ourTelemetry()
    const counter = telemetry.metrics.counter(OUR_NAME, { description })
    const bound = rotatingTags().map((tags) => counter.bind(tags))
    let n = 0
    return {
      kind: 'ns',
      run: () => bound[++n & ROTATION_MASK]!.add(),
      verify: verifyWith(log, () => expectTotal('our counter', ourTotal(telemetry, OUR_NAME), n)),
    }
  },
  peerSide: async (): Promise<Prepared> => {
    const counter = promRequests()
    const children = rotatingTags().map((tags) => counter.labels(tags))
    let n = 0
    return {
      kind: 'ns',
      run: () => children[++n & ROTATION_MASK]!.inc(),
      verify: async () => expectTotal('prom-client counter', await promTotal(counter), n),
    }
  },
}
