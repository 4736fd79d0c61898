import { createTelemetry } from '@foundation-telemetry/core'
import { describe, expect, it } from 'vitest'
import { createExportRedaction } from './exportRedaction.ts'

describe('export redaction', () => {
  it('merges series that redaction makes indistinguishable, so no output has one label set twice', () => {
    const t = createTelemetry({ env: {} })
    const c = t.metrics.counter('logins')
    const h = t.metrics.histogram('latency')
    for (const user of ['a@example.com', 'b@example.com', 'plain']) {
      c.add(2, { user })
      h.record(10, { user })
    }
    const [counter, histogram] = createExportRedaction(t).snapshots(t.metrics.collect())
    expect(counter?.series.map((s) => [s.tags, s.value])).toEqual([
      [{ user: '[REDACTED]' }, 4],
      [{ user: 'plain' }, 2],
    ])
    expect(histogram?.series[0]?.histogram).toMatchObject({ count: 2, sum: 20 })
  })

  it('passes a tags object that needs no redaction on as the same object (label caches keep working)', () => {
    const t = createTelemetry({ env: {} })
    t.metrics.counter('plain').add(1, { route: '/a' })
    const [snapshot] = t.metrics.collect()
    const [redacted] = createExportRedaction(t).snapshots([snapshot!])
    expect(redacted).toBe(snapshot)
  })

  it('passes everything through when turned off', () => {
    const t = createTelemetry({ env: {} })
    t.metrics.counter('c').add(1, { user: 'a@example.com' })
    const [snapshot] = createExportRedaction(t, false).snapshots(t.metrics.collect())
    expect(snapshot?.series[0]?.tags).toEqual({ user: 'a@example.com' })
  })
})
