/**
 * Real-server test: VictoriaMetrics (Debian `victoria-metrics`) accepts our line protocol on both
 * the InfluxDB v1 (`/write?db=`) and v2 (`/api/v2/write`) endpoints, and every series reads back
 * through /api/v1/export with its exact tag values, hostile ones included, and exact values.
 */
import { createTelemetry } from '@foundation-telemetry/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createInfluxExporter } from '../src/influx.ts'
import { hasVictoriaMetrics, type RunningVictoriaMetrics, startVictoriaMetrics } from './victoriaMetrics.ts'

/** Tag values line protocol must escape, and what a reader must see back. */
const HOSTILE: ReadonlyArray<[written: string, readBack: string]> = [
  ['plain', 'plain'],
  ['a b', 'a b'],
  ['c,d', 'c,d'],
  ['e=f', 'e=f'],
  ['back\\slash', 'back\\slash'],
  ['trailing\\', 'trailing\\'],
  ['\\,both', '\\,both'],
  ['double\\\\back', 'double\\\\back'],
  ['quote"s', 'quote"s'],
  ['unicode ✓ 日本', 'unicode ✓ 日本'],
  ['new\nline', 'new line'],
  [' lead and trail ', ' lead and trail '],
]

let vm: RunningVictoriaMetrics | undefined

describe.skipIf(!hasVictoriaMetrics)('Influx line protocol read back from VictoriaMetrics', () => {
  beforeAll(async () => {
    vm = await startVictoriaMetrics()
  }, 30_000)

  afterAll(async () => {
    await vm?.stop()
  })

  for (const api of ['v1', 'v2'] as const) {
    it(`${api}: every series, tag value and value reads back exactly`, async () => {
      const errors: unknown[] = []
      const t = createTelemetry({ service: 'influx-test', onError: (e) => errors.push(e) })
      const prefix = `ft_${api}`
      const requests = t.metrics.counter(`${prefix}.requests`, { unit: '{request}' })
      HOSTILE.forEach(([value], i) => {
        requests.add(i + 1, { route: value })
      })
      t.metrics.gauge(`${prefix}.queue depth`, { unit: '{item}' }).set(7.25, { 'queue,name': 'jobs=1' })
      const latency = t.metrics.histogram(`${prefix}.latency`, { unit: 'ms' })
      for (const v of [10, 20, 30, 40]) latency.record(v, { op: 'read' })

      const influx = createInfluxExporter({
        telemetry: t,
        url: vm!.base,
        api,
        org: 'acme',
        bucket: 'telemetry',
        database: 'telemetry',
        token: 'secret-token',
        interval: 0,
        env: {},
      })
      await influx.forceFlush()
      expect(errors).toEqual([])
      expect(influx.url).not.toContain('secret-token')

      const rows = await vm!.exportRows(`{__name__=~"${prefix}.*"}`, (r) => r.length >= HOSTILE.length + 8)
      const requestRows = rows.filter((r) => r.metric.__name__ === `${prefix}.requests_value`)
      const byRoute = Object.fromEntries(requestRows.map((r) => [r.metric.route, r.values.at(-1)]))
      expect(byRoute).toEqual(Object.fromEntries(HOSTILE.map(([, readBack], i) => [readBack, i + 1])))
      for (const row of requestRows) expect(row.metric.service).toBe('influx-test')

      const gauge = rows.find((r) => r.metric.__name__ === `${prefix}.queue depth_value`)
      expect(gauge?.metric['queue,name']).toBe('jobs=1')
      expect(gauge?.values.at(-1)).toBe(7.25)

      const field = (name: string) =>
        rows.find((r) => r.metric.__name__ === `${prefix}.latency_${name}`)?.values.at(-1)
      // Seconds at the boundary, as for Prometheus and OTLP.
      expect(field('count')).toBe(4)
      expect(field('sum')).toBe(0.1)
      expect(field('min')).toBe(0.01)
      expect(field('max')).toBe(0.04)
      expect(field('p50')).toBeCloseTo(0.02, 2)
      await influx.shutdown()
    }, 30_000)
  }
})
