import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createTelemetry } from '@foundation-telemetry/core'
import { describe, expect, it } from 'vitest'
import type { LoadTestOptions } from '../src/options.ts'
import { runLoadTest } from '../src/runLoadTest.ts'
import { loadScenarioModule } from '../src/scenarioModule.ts'

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url)

async function optionsOf(name: string): Promise<LoadTestOptions> {
  return { ...(await loadScenarioModule(fixture(name))), module: fixture(name) } as LoadTestOptions
}

// Real threads and a real process: generous timeouts for a loaded machine, no waiting on time.
describe('workers', { timeout: 60_000 }, () => {
  it('runs the VUs in worker threads and merges every iteration into one report and one telemetry', async () => {
    const t = createTelemetry({ service: 'workers' })
    let requests = 0
    t.attach('count', 'foundation.load_test.request', () => {
      requests++
    })
    const report = await runLoadTest({ ...(await optionsOf('cpu-bound.mjs')), telemetry: t, workers: 2 })
    expect(report.workers).toBe(2)
    expect(report.total.count).toBe(2000)
    expect(requests).toBe(2000)
    // Each worker splits its share exactly; two workers stay within one iteration each of 3:1.
    expect(Math.abs(report.scenarios.small!.count - 1500)).toBeLessThanOrEqual(2)
    const small = report.scenarios.small!.latency
    const large = report.scenarios.large!.latency
    expect(report.total.latency.max).toBe(Math.max(small.max!, large.max!))
    expect(report.total.latency.min).toBe(Math.min(small.min!, large.min!))
    expect(large.p50!).toBeGreaterThan(small.p50!)
    const counted = t.metrics.collect().find((m) => m.name === 'foundation.load_test.requests')!
    expect(counted.series.reduce((sum, s) => sum + (s.value as number), 0)).toBe(2000)
  })

  it('replaces a worker thread that dies and says so in the report', async () => {
    const marker = join(mkdtempSync(join(tmpdir(), 'ft-load-crash-')), 'crashed')
    process.env.FT_LOAD_CRASH_MARKER = marker
    try {
      const report = await runLoadTest({
        ...(await optionsOf('crash-once.mjs')),
        telemetry: createTelemetry({ service: 'crash' }),
        workers: 2,
      })
      expect(report.vu_restarts).toBe(1)
      // The surviving worker's 200 plus the crashed worker's iterations before and after its restart.
      expect(report.total.count).toBeGreaterThanOrEqual(400)
    } finally {
      delete process.env.FT_LOAD_CRASH_MARKER
    }
  })

  it('rejects setup data that cannot cross to a worker, before any load', async () => {
    const options = await optionsOf('cpu-bound.mjs')
    const error = await runLoadTest({
      ...options,
      telemetry: createTelemetry({ service: 'clone' }),
      workers: 2,
      scenarios: options.scenarios.map((s) => ({ ...s, setup: () => ({ fn: () => 1 }) })),
    }).catch((e: unknown) => e)
    expect(error).toMatchObject({ name: 'LoadTestConfigError', field: 'setup' })
  })
})
