import { createTelemetry, type MetricSnapshot } from '@foundation-telemetry/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createExportRedaction } from '../shared/exportRedaction.ts'
import { createScrapeRedaction } from './scrapeRedaction.ts'

// Values the built-in redaction patterns replace (an email, a bearer token) among plain ones.
const VALUES = ['a', 'b', 'alice@example.com', 'Bearer abcdefghijklmnopqrstuvwxyz0123456789', '']
const KEYS = ['route', 'user', 'password', 'x.y']

const tags = fc
  .uniqueArray(fc.constantFrom(...KEYS), { maxLength: 3 })
  .chain((keys) =>
    fc
      .tuple(...keys.map(() => fc.constantFrom(...VALUES)))
      .map((values) => Object.fromEntries(keys.sort().map((key, i) => [key, values[i]!]))),
  )

const snapshot: fc.Arbitrary<MetricSnapshot> = fc
  .record({
    name: fc.constantFrom('app.requests', 'app.user@example.com'),
    series: fc.array(fc.record({ tags, value: fc.nat(9) }), { maxLength: 6 }),
  })
  .map(({ name, series }) => ({
    ...metric(name),
    series: series.map((s) => ({ tags: s.tags, startTime: 0, time: 1, value: s.value })),
  }))

// What a collection hands out: new tags objects with the same content on every call.
const recollect = (snapshots: readonly MetricSnapshot[]): MetricSnapshot[] =>
  snapshots.map((s) => ({
    ...s,
    series: s.series.map((series) => ({ ...series, tags: { ...series.tags } })),
  }))

describe('scrape redaction', () => {
  it('property: every scrape is what the shared redaction gives, however much it remembers', () => {
    const telemetry = createTelemetry({ service: 'unit' })
    fc.assert(
      fc.property(fc.array(snapshot, { maxLength: 4 }), fc.integer({ min: 1, max: 8 }), (snapshots, max) => {
        const reference = createExportRedaction(telemetry)
        const redact = createScrapeRedaction(createExportRedaction(telemetry), { maxTagSets: max })
        for (let scrape = 0; scrape < 3; scrape++) {
          const collected = recollect(snapshots)
          expect(redact(collected)).toEqual(reference.snapshots(collected))
        }
      }),
    )
  })

  it('passes a metric that redaction leaves alone on as the same object, and redacts the rest', () => {
    const telemetry = createTelemetry({ service: 'unit' })
    const redact = createScrapeRedaction(createExportRedaction(telemetry))
    const clean = { ...metric('app.requests'), series: [series({ route: '/a' })] }
    const secret = { ...metric('app.logins'), series: [series({ user: 'alice@example.com' })] }
    for (let scrape = 0; scrape < 2; scrape++) {
      const [a, b] = redact(recollect([clean, secret]).map((s, i) => (i === 0 && scrape === 0 ? clean : s)))
      if (scrape === 0) expect(a).toBe(clean)
      expect(a?.series[0]?.tags).toEqual({ route: '/a' })
      expect(b?.series[0]?.tags.user).not.toContain('alice@example.com')
    }
  })
})

function metric(name: string): MetricSnapshot {
  return {
    name,
    kind: 'counter',
    unit: '1',
    description: '',
    temporality: 'cumulative',
    monotonic: true,
    series: [],
  }
}
function series(tags: Record<string, string>) {
  return { tags, startTime: 0, time: 1, value: 1 }
}
