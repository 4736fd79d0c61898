/** Histogram records with a tag object per call, against prom-client's `observe(labels, value)`. */
import type { CaseDefinition, Prepared } from '../caseSpec.ts'
import { BUCKETS_MS, latenciesMs, ROTATION_MASK, rotatingTags, TAG_KEYS } from '../fixtures.ts'
import { expectTotal, ourTelemetry, ourTotal, verifyWith } from '../ours.ts'
import { promMsHistogram, promTotal } from '../prom.ts'

const OUR_NAME = 'foundation.bench.latency'

/**
 * Our histogram with a tag object per call. `declared`: tag keys declared up front (`tagKeys`), as
 * prom-client's `labelNames` are; otherwise every key of each tag object is walked.
 */
async function oursRecord(declared: boolean): Promise<Prepared> {
  const { telemetry, log } = await ourTelemetry()
  const histogram = telemetry.metrics.histogram(OUR_NAME, {
    description: 'bench latency',
    unit: 'ms',
    buckets: BUCKETS_MS,
    ...(declared ? { tagKeys: TAG_KEYS } : {}),
  })
  const tags = rotatingTags()
  const values = latenciesMs()
  let n = 0
  return {
    kind: 'ns',
    run: () => histogram.record(values[(++n * 5) & ROTATION_MASK]!, tags[n & ROTATION_MASK]),
    verify: verifyWith(log, () => expectTotal('our histogram count', ourTotal(telemetry, OUR_NAME), n)),
  }
}

/** `histogram.record.tags`: `histogram.record(v, tags)` vs prom-client `histogram.observe(labels, v)`. */
export const histogramRecordTags: CaseDefinition = {
  unit: 'ns',
  goal: { kind: 'ratio', max: 0.15 },
  peer: 'prom-client Histogram.observe(labels, v)',
  description:
    'histogram.record(v, tags), 11 explicit ms buckets on both sides, our default sketch on, 64 tag sets x 64 values, tag keys declared (as labelNames are)',
  ours: () => oursRecord(true),
  peerSide: promObserve,
}

/** `histogram.record.tags.undeclared` (extra): the same without declaring the tag keys. */
export const histogramRecordTagsUndeclared: CaseDefinition = {
  unit: 'ns',
  goal: { kind: 'none', max: 0 },
  peer: 'prom-client Histogram.observe(labels, v)',
  description:
    'histogram.record(v, tags) as histogram.record.tags, tag keys not declared (each object walked)',
  ours: () => oursRecord(false),
  peerSide: promObserve,
}

/** prom-client's `observe(labels, v)`, label names declared (prom-client requires them). */
async function promObserve(): Promise<Prepared> {
  const histogram = promMsHistogram('foundation_bench_latency_milliseconds', 'bench latency', TAG_KEYS)
  const tags = rotatingTags()
  const values = latenciesMs()
  let n = 0
  return {
    kind: 'ns',
    run: () => histogram.observe(tags[++n & ROTATION_MASK]!, values[(n * 5) & ROTATION_MASK]!),
    verify: async () => expectTotal('prom-client histogram count', await promTotal(histogram, '_count'), n),
  }
}
