/**
 * The same rules, evaluated in process and by real Prometheus (`promtool test rules` on the
 * exported rule file), fire and resolve at the same evaluation steps over 20 minutes of synthetic
 * series: gauges (with `for`, `keepFiringFor` and one alert per series), a counter's rate, and a
 * histogram's p95 and mean. The series Prometheus reads are what the exporter would serve each
 * second (the taxonomy's names, seconds for durations). Also: every shipped rule file passes
 * `promtool check rules`, and matches what the rule library generates.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { findMetricDefinition } from '@foundation-telemetry/taxonomy'
import { afterAll, describe, expect, it } from 'vitest'
import { ruleFiles } from '../scripts/ruleFiles.ts'
import { exportPrometheusRules } from '../src/prometheusRules.ts'
import { errorRateRule, manualAlerting } from '../src/testHelpers.ts'
import type { MetricRule } from '../src/types.ts'
import { PROMTOOL, promtool } from './promtool.ts'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'alerting-promtool-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const rules: MetricRule[] = [
  errorRateRule('HighErrorRate', { for: '1m', keepFiringFor: '2m' }),
  {
    name: 'LowCacheHitRate',
    metric: 'foundation.cache.hit_ratio',
    aggregate: 'value',
    comparator: '<',
    threshold: 0.7,
    for: '30s',
    severity: 'warning',
  },
  {
    name: 'HighDenialRate',
    metric: 'foundation.resource_manager.denied',
    aggregate: 'rate',
    window: '1m',
    comparator: '>',
    threshold: 1,
    severity: 'error',
  },
  {
    name: 'SlowTasksP95',
    metric: 'foundation_jido.task.duration',
    aggregate: 'p95',
    window: '1m',
    comparator: '>',
    threshold: 200,
    severity: 'warning',
    series: 'merged',
  },
  {
    name: 'SlowTasksAvg',
    metric: 'foundation_jido.task.duration',
    aggregate: 'avg',
    window: '1m',
    comparator: '>',
    threshold: 100,
    severity: 'info',
    series: 'merged',
  },
]

const SECONDS = 1200
const EVERY = 30
const inRange = (t: number, ...ranges: Array<[number, number]>) => ranges.some(([a, b]) => t >= a && t < b)

// Phases change 15 s after an evaluation, so no evaluation sits on a window edge.
const errorRate = (t: number) => (inRange(t, [135, 255], [615, 645], [795, SECONDS + 1]) ? 0.2 : 0.01)
const hitRatio = (t: number, cache: 'a' | 'b') =>
  cache === 'a' ? (inRange(t, [315, 495]) ? 0.5 : 0.9) : inRange(t, [435, SECONDS + 1]) ? 0.5 : 0.9
const denials = (t: number) => (inRange(t, [195, 375], [915, 1095]) ? 5 : 0)
const taskMs = (t: number) => (inRange(t, [495, 675], [1035, SECONDS + 1]) ? 400 : 20)

interface Simulation {
  /** Firing label sets (without alertname) per rule per evaluation time (s). */
  firing: Map<number, Map<string, Array<Record<string, string>>>>
  /** Sample values per second, by series selector. */
  series: Map<string, number[]>
}

async function simulate(): Promise<Simulation> {
  const { t, clock, alerting } = manualAlerting({ rules, interval: '30s' })
  const gauge = t.metrics.gauge('foundation.error_rate')
  const hits = t.metrics.gauge('foundation.cache.hit_ratio')
  const denied = t.metrics.counter('foundation.resource_manager.denied', { windows: [60_000] })
  const tasks = t.metrics.histogram('foundation_jido.task.duration', { windows: [60_000] })
  const bounds = findMetricDefinition('foundation_jido.task.duration')!.buckets!
  const series = new Map<string, number[]>()
  const push = (key: string, v: number) => {
    const list = series.get(key)
    if (list === undefined) series.set(key, [v])
    else list.push(v)
  }
  let deniedTotal = 0
  const bucketCounts = new Array<number>(bounds.length + 1).fill(0)
  let taskSum = 0
  let taskCount = 0
  const firing: Simulation['firing'] = new Map()
  for (let s = 0; s <= SECONDS; s++) {
    if (s > 0) clock.advance(1000)
    gauge.set(errorRate(s))
    hits.set(hitRatio(s, 'a'), { cache: 'a' })
    hits.set(hitRatio(s, 'b'), { cache: 'b' })
    if (denials(s) > 0) denied.add(denials(s), { resource_type: 'db' })
    deniedTotal += denials(s)
    const ms = taskMs(s)
    tasks.record(ms)
    const i = bounds.findIndex((b) => ms <= b)
    bucketCounts[i === -1 ? bounds.length : i]!++
    taskSum += ms / 1000
    taskCount++
    // What a scrape at second s would read.
    push('foundation_error_rate', errorRate(s))
    push('foundation_cache_hit_ratio{cache="a"}', hitRatio(s, 'a'))
    push('foundation_cache_hit_ratio{cache="b"}', hitRatio(s, 'b'))
    push('foundation_resource_manager_denied_total{resource_type="db"}', deniedTotal)
    let cumulative = 0
    for (const [j, bound] of bounds.entries()) {
      cumulative += bucketCounts[j]!
      push(`foundation_jido_task_duration_seconds_bucket{le="${bound / 1000}"}`, cumulative)
    }
    push('foundation_jido_task_duration_seconds_bucket{le="+Inf"}', taskCount)
    push('foundation_jido_task_duration_seconds_sum', Number(taskSum.toFixed(6)))
    push('foundation_jido_task_duration_seconds_count', taskCount)
    if (s % EVERY === 0) {
      await alerting.evaluate()
      const byRule = new Map<string, Array<Record<string, string>>>()
      for (const a of alerting.alerts()) {
        if (a.state !== 'firing') continue
        const { alertname, ...labels } = a.labels
        byRule.set(alertname!, [...(byRule.get(alertname!) ?? []), labels])
      }
      firing.set(s, byRule)
    }
  }
  await alerting.stop()
  return { firing, series }
}

function testFile(sim: Simulation, rulesFile: string): string {
  const lines = [
    `rule_files:`,
    `  - ${JSON.stringify(rulesFile)}`,
    `evaluation_interval: ${EVERY}s`,
    `tests:`,
    `  - interval: 1s`,
    `    input_series:`,
  ]
  for (const [selector, values] of sim.series) {
    lines.push(
      `      - series: ${JSON.stringify(selector)}`,
      `        values: ${JSON.stringify(values.join(' '))}`,
    )
  }
  lines.push('    alert_rule_test:')
  for (const [time, byRule] of sim.firing) {
    for (const rule of rules) {
      const alerts = byRule.get(rule.name) ?? []
      lines.push(`      - eval_time: ${time}s`, `        alertname: ${rule.name}`)
      if (alerts.length === 0) lines.push('        exp_alerts: []')
      else {
        lines.push('        exp_alerts:')
        for (const labels of alerts) lines.push(`          - exp_labels: ${JSON.stringify(labels)}`)
      }
    }
  }
  return `${lines.join('\n')}\n`
}

const firingTimes = (sim: Simulation, name: string) =>
  [...sim.firing].filter(([, byRule]) => (byRule.get(name)?.length ?? 0) > 0).map(([time]) => time)

describe.skipIf(!existsSync(PROMTOOL))('Prometheus parity', () => {
  it('fires and resolves at the same evaluation steps as promtool test rules on the exported file', async () => {
    const sim = await simulate()
    // Hand-computed: pending at 150 s, firing at 210 s (for 1m), kept 2 min after the first miss
    // at 270 s (resolved at 390 s); the 30 s blip at 615 s stays pending; firing again from 870 s.
    const fromTo = (a: number, b: number) =>
      Array.from({ length: (b - a) / EVERY + 1 }, (_, i) => a + i * EVERY)
    expect(firingTimes(sim, 'HighErrorRate')).toEqual([...fromTo(210, 360), ...fromTo(870, SECONDS)])
    for (const rule of rules) {
      const times = firingTimes(sim, rule.name)
      expect(times.length, `${rule.name} fires`).toBeGreaterThan(0)
      expect(times.length, `${rule.name} also resolves`).toBeLessThan(sim.firing.size)
    }
    const exported = exportPrometheusRules(rules, { interval: `${EVERY}s` })
    expect(exported.skipped).toEqual([])
    writeFileSync(join(dir, 'rules.yml'), exported.yaml)
    writeFileSync(join(dir, 'test.yml'), testFile(sim, 'rules.yml'))
    const check = await promtool(['check', 'rules', join(dir, 'rules.yml')])
    expect(check.code, check.output).toBe(0)
    const result = await promtool(['test', 'rules', 'test.yml'], dir)
    expect(result.output).toContain('SUCCESS')
    expect(result.code, result.output).toBe(0)
  })

  it('fails the comparison when the exported rule differs (the check can fail)', async () => {
    const sim = await simulate()
    const shifted = rules.map((r) => (r.name === 'HighErrorRate' ? { ...r, for: '90s' } : r))
    writeFileSync(join(dir, 'shifted.yml'), exportPrometheusRules(shifted).yaml)
    writeFileSync(join(dir, 'shifted-test.yml'), testFile(sim, 'shifted.yml'))
    const result = await promtool(['test', 'rules', 'shifted-test.yml'], dir)
    expect(result.code).not.toBe(0)
  })

  it('ships rule files that promtool accepts and that match the rule library', async () => {
    const rulesDir = join(root, 'deploy/prometheus/rules')
    const shipped = readdirSync(rulesDir).filter((f) => f.endsWith('.yml'))
    const generated = ruleFiles()
    expect(shipped.sort()).toEqual(Object.keys(generated).sort())
    for (const file of shipped) {
      expect(readFileSync(join(rulesDir, file), 'utf8'), `${file} is up to date (pnpm rules)`).toBe(
        generated[file],
      )
      const check = await promtool(['check', 'rules', join(rulesDir, file)])
      expect(check.code, check.output).toBe(0)
    }
  })
})
