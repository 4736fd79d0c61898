import { describe, expect, it } from 'vitest'
import { renderHtmlReport } from './htmlReport.ts'
import { planRun } from './plan.ts'
import { type FinishedRun, type LoadTestReport, runReport, type ScenarioReport } from './report.ts'
import { ScenarioStats } from './scenarioStats.ts'
import { renderTextReport } from './textReport.ts'
import { Timeline } from './timeline.ts'

const scenario = (count: number, errors: number, p95: number): ScenarioReport => ({
  count,
  successes: count - errors,
  errors,
  error_rate: errors / count,
  dropped: 0,
  interrupted: 0,
  throughput: count / 10,
  latency: { min: 1, mean: 2, p50: 2, p90: 3, p95, p99: p95 * 2, max: 40 },
  error_types: errors === 0 ? {} : { ECONNRESET: { count: errors, samples: ['socket hang up'] } },
})

const report: LoadTestReport = {
  name: 'checkout </script><b>',
  run_id: 'abc',
  started_at: '2026-01-01T00:00:00.000Z',
  model: 'closed',
  executor: { type: 'constant-vus', vus: 5, duration: '10s' },
  warmup_ms: 0,
  cooldown_ms: 0,
  duration_ms: 10_000,
  planned_duration_ms: 10_000,
  workers: 0,
  aborted: false,
  passed: false,
  total: scenario(1000, 10, 4),
  scenarios: { read: scenario(700, 0, 3), write: scenario(300, 10, 6) },
  thresholds: [
    { expression: 'p95<5ms', passed: true, value: 4, abort_on_fail: false, unit: 'ms' },
    {
      expression: 'p99{scenario:write}<10ms over 10s',
      passed: false,
      value: 12,
      scenario: 'write',
      window_ms: 10_000,
      evaluations: 3,
      failed_evaluations: 1,
      abort_on_fail: false,
      unit: 'ms',
    },
  ],
  timeline: {
    interval_ms: 1000,
    points: [
      { t: 0, throughput: 100, errors: 1, p50: 2, p95: 4, p99: 8, max: 9 },
      { t: 1, throughput: 0, errors: 0, p50: null, p95: null, p99: null, max: null },
    ],
  },
  vu_restarts: 0,
}

describe('renderTextReport', () => {
  it('prints a row per scenario and the total, errors, and each threshold with its verdict', () => {
    const text = renderTextReport(report)
    expect(text).toContain('closed model (constant-vus, 5 VUs), measured 10s')
    expect(text).toMatch(/read\s+700\s+0\s+0\.00%\s+70\.0\s+2ms\s+3ms\s+3ms\s+6ms\s+40ms\s+0/)
    expect(text).toMatch(/total\s+1000\s+10\s+1\.00%/)
    expect(text).toContain('write: ECONNRESET ×10 (e.g. "socket hang up")')
    expect(text).toContain('✓ p95<5ms  (4ms)')
    expect(text).toContain('✗ p99{scenario:write}<10ms over 10s  (12ms, worst of 3 windows, 1 failed)')
    expect(text.endsWith('FAILED: a threshold failed')).toBe(true)
  })
})

describe('renderHtmlReport', () => {
  it('is one self-contained page: uPlot inlined, the data embedded, nothing fetched, names escaped', () => {
    const html = renderHtmlReport(report)
    expect(html).toMatch(/^<!doctype html>/)
    expect(html).toContain('uPlot')
    // Nothing loads from elsewhere (uPlot's licence comment names its home page, nothing fetches it).
    expect(html).not.toMatch(/<script[^>]*\bsrc=|<link[^>]*\bhref=|\b(?:src|href)=["']?https?:|@import/)
    expect(html).toContain('checkout &#60;/script&#62;&#60;b&#62;')
    const data = /<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(html)![1]!
    expect(JSON.parse(data)).toEqual(report)
    expect(html).toContain('1/3 windows failed')
  })
})

describe('runReport', () => {
  const plan = planRun({
    name: 'shop',
    scenarios: [
      { name: 'read', run: () => {} },
      { name: 'write', run: () => {} },
    ],
    executor: { type: 'constant-vus', vus: 2, duration: '10s' },
    warmup: '2s',
  })
  const finished = (overrides: Partial<FinishedRun> = {}): FinishedRun => {
    const stats = [new ScenarioStats(), new ScenarioStats()]
    stats[0]!.record(4, true)
    stats[0]!.record(6, true)
    stats[1]!.record(8, false, 'TypeError', 'bad')
    const timeline = new Timeline(plan.profile.mainMs)
    timeline.add(500, 4, true)
    const total = () => {
      const merged = new ScenarioStats()
      for (const s of stats) merged.merge(s)
      return merged
    }
    return {
      plan,
      runId: 'r1',
      startedAtWall: Date.UTC(2026, 0, 1),
      measuredMs: 2000.00049,
      stopReason: undefined,
      restarts: 3,
      results: { stats, timeline, total },
      thresholds: [{ expression: 'p95<5ms', passed: true, value: 4, abort_on_fail: false, unit: 'ms' }],
      ...overrides,
    }
  }

  it('reports each scenario of the plan by name and the total over the measured ms', () => {
    const r = runReport(finished())
    expect(Object.keys(r.scenarios)).toEqual(['read', 'write'])
    expect(r.scenarios.read).toMatchObject({ count: 2, errors: 0, throughput: 1 })
    expect(r.scenarios.write!.error_types).toEqual({ TypeError: { count: 1, samples: ['bad'] } })
    expect(r.total).toMatchObject({ count: 3, successes: 2, errors: 1, throughput: 1.5 })
    expect(r).toMatchObject({
      name: 'shop',
      run_id: 'r1',
      started_at: '2026-01-01T00:00:00.000Z',
      model: 'closed',
      warmup_ms: 2000,
      duration_ms: 2000,
      planned_duration_ms: 10_000,
      workers: 0,
      aborted: false,
      passed: true,
      vu_restarts: 3,
    })
    expect(r.timeline.points).toHaveLength(1)
  })

  it('says aborted only for a signal or a threshold, and fails when a threshold failed', () => {
    expect(runReport(finished({ stopReason: 'signal' })).aborted).toBe('signal')
    expect(runReport(finished({ stopReason: 'threshold' })).aborted).toBe('threshold')
    expect(runReport(finished({ stopReason: 'iterations' })).aborted).toBe(false)
    const failed = {
      expression: 'p99<1ms',
      passed: false,
      value: 8,
      abort_on_fail: false,
      unit: 'ms' as const,
    }
    expect(runReport(finished({ thresholds: [failed] })).passed).toBe(false)
  })
})
