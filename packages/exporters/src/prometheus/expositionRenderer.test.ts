import type { MetricSnapshot } from '@foundation-telemetry/core'
import { describe, expect, it } from 'vitest'
import { createExpositionRenderer, type ExpositionRendererOptions } from './expositionRenderer.ts'
import type { ScrapeHealth } from './scrapeHealth.ts'

const requests: MetricSnapshot = {
  name: 'app.requests',
  kind: 'counter',
  unit: '1',
  description: 'Requests',
  temporality: 'cumulative',
  monotonic: true,
  series: [{ tags: { route: '/a', user: 'alice@example.com' }, startTime: 0, time: 0, value: 2 }],
}

function renderer(collect: () => MetricSnapshot[], overrides: Partial<ExpositionRendererOptions> = {}) {
  const calls: string[] = []
  const health: ScrapeHealth = {
    serialized: (series, format) => calls.push(`serialized ${series} ${format}`),
    failed: () => calls.push('failed'),
    scraped: () => {},
  }
  const reports: string[] = []
  const r = createExpositionRenderer({
    telemetry: {
      metrics: { collect } as never,
      resource: { 'service.name': 'unit' },
      redact: <T>(value: T): T =>
        (typeof value === 'object' && value !== null && 'user' in value
          ? { ...value, user: '[REDACTED]' }
          : value) as T,
    },
    targetInfo: true,
    chunkLines: 1,
    health,
    report: (message) => reports.push(message),
    ...overrides,
  })
  return { r, calls, reports }
}

describe('the exposition renderer', () => {
  it('writes redacted metrics with target_info, the same synchronously and in chunks, and records health', async () => {
    const { r, calls } = renderer(() => [requests])
    const text = r.serialize('text')
    expect(text).toBe(
      '# HELP target_info Target metadata\n# TYPE target_info gauge\ntarget_info{service_name="unit"} 1\n' +
        '# HELP app_requests_total Requests\n# TYPE app_requests_total counter\n' +
        'app_requests_total{route="/a",user="[REDACTED]"} 2\n',
    )
    expect(await r.render('text')).toEqual({ ok: true, body: text, series: 1 })
    expect(calls).toEqual(['serialized 1 text', 'serialized 1 text'])
  })

  it('leaves target_info out when told', () => {
    const { r } = renderer(() => [requests], { targetInfo: false })
    expect(r.serialize('openmetrics')).not.toContain('target')
  })

  it('answers a failing collection with an empty exposition, a report and a failed scrape, never a throw', async () => {
    const { r, calls, reports } = renderer(() => {
      throw new Error('collect failed')
    })
    expect(r.serialize('text')).toBe('')
    expect(await r.render('openmetrics')).toEqual({ ok: false, body: '# EOF\n', series: 0 })
    expect(calls).toEqual(['failed', 'failed'])
    expect(reports).toEqual(['Prometheus serialization failed', 'Prometheus serialization failed'])
  })
})
