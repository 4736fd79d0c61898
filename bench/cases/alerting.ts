/**
 * One evaluation of 10 000 threshold rules over core's rolling windows, against ten evaluations of
 * 1 000 such rules: evaluation cost should grow linearly with the number of rules. Both sides hold
 * the same 1 000 histograms (one series each, a declared 1 min window, 60 recorded values); rule n
 * reads histogram n / 10 (ten rules per histogram, cycling through avg, p95, max and rate, one in
 * ten firing), so each side reads every window once in total. Each evaluation also collects the
 * store once to list series: once on our side, ten times on the peer's. Manual clock.
 */
import type { AlertRule } from '@foundation-telemetry/alerting'
import type { CaseDefinition, Prepared } from '../caseSpec.ts'
import { createRandom } from '../fixtures.ts'
import { importFunction, ourTelemetry, verifyWith } from '../ours.ts'

const METRICS = 1000
const RULES_PER_METRIC = 10
const AGGREGATES = ['avg', 'p95', 'max', 'rate'] as const
const ALERTING = '@foundation-telemetry/alerting'

/** `count` rules over the shared metrics; returns the engines' runner for `engines` copies. */
async function prepare(
  rulesPerEngine: number,
  engines: number,
  series: 'each' | 'merged' = 'each',
): Promise<Prepared> {
  const createManualClock = await importFunction<
    typeof import('@foundation-telemetry/core').createManualClock
  >('@foundation-telemetry/core', 'createManualClock')
  const createAlerting = await importFunction<typeof import('@foundation-telemetry/alerting').createAlerting>(
    ALERTING,
    'createAlerting',
  )
  const clock = createManualClock()
  const { telemetry, log } = await ourTelemetry({ clock: clock as never, enrich: false })
  const next = createRandom(11)
  for (let m = 0; m < METRICS; m++) {
    const h = telemetry.metrics.histogram(`bench.alerting.metric_${m}`, { unit: 'ms', windows: [60_000] })
    for (let i = 0; i < 60; i++) h.record(50 + next() * 100)
  }
  clock.advance(30_000)
  // Values lie in 50..150 ms (rate: 2/s over 30 s); one rule in ten has a threshold below them.
  const thresholds = { avg: [1000, 10], p95: [1000, 10], max: [1000, 10], rate: [1000, 1] } as const
  const makeRules = (offset: number): AlertRule[] =>
    Array.from({ length: rulesPerEngine }, (_, i) => {
      const n = offset + i
      const aggregate = AGGREGATES[n % AGGREGATES.length]!
      return {
        name: `BenchRule${n}`,
        metric: `bench.alerting.metric_${Math.floor(n / RULES_PER_METRIC)}`,
        aggregate,
        window: '1m',
        comparator: '>',
        threshold: thresholds[aggregate][n % 10 === 0 ? 1 : 0],
        severity: 'warning',
        series,
      }
    })
  const alertings = Array.from({ length: engines }, (_, e) =>
    createAlerting({ telemetry, rules: makeRules(e * rulesPerEngine), grouping: { wait: 0 } }),
  )
  // The first evaluation fires the one-in-ten; later ones (the measured steady state) only hold.
  for (const a of alertings) await a.evaluate()
  const expected = (rulesPerEngine * engines) / 10
  return {
    kind: 'ns',
    run: async () => {
      for (const a of alertings) await a.evaluate()
    },
    verify: verifyWith(log, () => {
      const firing = alertings.reduce(
        (sum, a) => sum + a.alerts().filter((x) => x.state === 'firing').length,
        0,
      )
      return firing === expected ? undefined : `${firing} alerts firing, expected ${expected}`
    }),
  }
}

/** `alerting.evaluate.10k_rules`. */
export const alertingEvaluate10kRules: CaseDefinition = {
  unit: 'ns',
  goal: { kind: 'ratio', max: 1.2 },
  peer: 'ten evaluations of 1 000 rules (ours)',
  description:
    'one evaluation of 10 000 threshold rules (avg/p95/max/rate over a 1 min window, 10 per histogram of 1 000, 1 in 10 firing) vs ten evaluations of 1 000 (each over 100 of the histograms)',
  ours: () => prepare(10_000, 1),
  peerSide: () => prepare(1_000, 10),
}

/**
 * `alerting.evaluate.10k_rules.merged` (extra, no goal): the same with `series: 'merged'`, so no
 * evaluation collects the store; only the per-rule and per-window work is compared.
 */
export const alertingEvaluate10kRulesMerged: CaseDefinition = {
  unit: 'ns',
  goal: { kind: 'none', max: 0 },
  peer: 'ten evaluations of 1 000 rules (ours)',
  description:
    'alerting.evaluate.10k_rules with merged-series rules: no collect per evaluation on either side',
  ours: () => prepare(10_000, 1, 'merged'),
  peerSide: () => prepare(1_000, 10, 'merged'),
}
