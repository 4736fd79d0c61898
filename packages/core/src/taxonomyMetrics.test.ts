import { metricDefinitions } from '@foundation-telemetry/taxonomy'
import { describe, expect, it } from 'vitest'
import { testTelemetry } from './metrics/testDeps.ts'
import { attachTaxonomyMetrics, taxonomyMetricSpec } from './taxonomyMetrics.ts'

describe('attachTaxonomyMetrics', () => {
  it('records the chosen layer under the taxonomy names and tag keys, and nothing of other layers', () => {
    const { t, series } = testTelemetry()
    attachTaxonomyMetrics(t, { layers: ['foundation'] })
    const llm = { name: 'llm' }
    const failure = { ...llm, kind: 'error', reason: 'boom' }
    t.execute('foundation.circuit_breaker.call.stop', { duration: 12, monotonic_time: 0 }, llm)
    t.execute('foundation.circuit_breaker.call.exception', { duration: 30, monotonic_time: 0 }, failure)
    t.execute('foundation.circuit_breaker.call.rejected', {}, llm)
    t.execute('dspex.program.execution.stop', { duration: 5, monotonic_time: 0 }, { program_id: 'p' })
    expect(
      Object.fromEntries(series('foundation.circuit_breaker.calls').map((s) => [s.tags.outcome, s.value])),
    ).toEqual({ success: 1, failure: 1, rejected: 1 })
    expect(series('foundation.circuit_breaker.latency')[0]).toMatchObject({
      tags: { name: 'llm' },
      histogram: { count: 2, sum: 42 },
    })
    const names = t.metrics.collect().map((m) => m.name)
    const layerOf = new Map(metricDefinitions.map((m) => [m.name, m.layer]))
    expect(names.length).toBeGreaterThan(5)
    expect(names.every((n) => layerOf.get(n) === 'foundation')).toBe(true)
  })

  it('reads a gauge through its value map', () => {
    const { t, series } = testTelemetry()
    attachTaxonomyMetrics(t, { layers: ['foundation'] })
    t.execute('foundation.circuit_breaker.state_change', {}, { name: 'db', from: 'closed', to: 'open' })
    expect(series('foundation.circuit_breaker.state')[0]).toMatchObject({ tags: { name: 'db' }, value: 1 })
    t.execute('foundation.circuit_breaker.state_change', {}, { name: 'db', from: 'open', to: 'half_open' })
    expect(series('foundation.circuit_breaker.state')[0]?.value).toBe(0.5)
    t.execute(
      'foundation.circuit_breaker.state_change',
      {},
      { name: 'db', from: 'half_open', to: 'bogus' as never },
    )
    expect(series('foundation.circuit_breaker.state')[0]?.value).toBe(0.5)
  })

  it('skips enrichment for metrics that read no enrichment key, value maps included', () => {
    const { t, series } = testTelemetry()
    attachTaxonomyMetrics(t, { layers: ['foundation'] })
    let listed = 0
    const metadata = new Proxy(
      { name: 'db', from: 'closed' as const, to: 'open' as const },
      {
        ownKeys: (target) => {
          listed++
          return Reflect.ownKeys(target)
        },
      },
    )
    t.execute('foundation.circuit_breaker.state_change', {}, metadata)
    t.execute('foundation.circuit_breaker.call.stop', { duration: 3, monotonic_time: 0 }, metadata)
    expect(listed).toBe(0)
    expect(series('foundation.circuit_breaker.state')[0]).toMatchObject({ tags: { name: 'db' }, value: 1 })
    // `foundation.service.health` is tagged by `service`: its events are enriched.
    // The taxonomy types `service` as required; here enrichment supplies it.
    t.execute('foundation.service.health_check', {}, { status: 'degraded' } as never)
    expect(series('foundation.service.health')[0]).toMatchObject({ tags: { service: t.service }, value: 0.5 })
  })

  it('leaves computed gauges and code-recorded metrics to their collectors', () => {
    for (const metric of metricDefinitions) {
      if (metric.recordedByCode) expect(taxonomyMetricSpec(metric)).toBeUndefined()
      if (metric.kind === 'gauge' && metric.measurement === undefined && metric.valueMap === undefined)
        expect(taxonomyMetricSpec(metric)).toBeUndefined()
    }
    const { t } = testTelemetry()
    const defined = attachTaxonomyMetrics(t, { layers: ['foundation'] })
    expect(defined.metrics).not.toContain('foundation.error_rate')
    expect(defined.metrics).not.toContain('foundation.runtime.heap.used')
  })

  it('overrides replace fields of a taxonomy metric, and false leaves it out', () => {
    const { t, series } = testTelemetry()
    const defined = attachTaxonomyMetrics(t, {
      layers: ['foundation'],
      overrides: {
        'foundation.cache.hits': { tagValues: () => ({ cache: 'all' }) },
        'foundation.cache.misses': false,
      },
    })
    t.execute('foundation.cache.hit', {}, { cache: 'a' })
    t.execute('foundation.cache.hit', {}, { cache: 'b' })
    t.execute('foundation.cache.miss', {}, { cache: 'a', reason: 'not_found' })
    expect(series('foundation.cache.hits')).toMatchObject([{ tags: { cache: 'all' }, value: 2 }])
    expect(defined.metrics).not.toContain('foundation.cache.misses')
    expect(series('foundation.cache.misses')).toEqual([])
  })

  it('detach removes every handler', () => {
    const { t } = testTelemetry()
    const defined = attachTaxonomyMetrics(t, { layers: ['foundation', 'foundation_jido', 'dspex'] })
    expect(t.listHandlers().length).toBeGreaterThan(10)
    defined.detach()
    expect(t.listHandlers()).toEqual([])
  })

  it('reports options without layers and attaches nothing', () => {
    const { t, errors } = testTelemetry()
    const defined = attachTaxonomyMetrics(t, {} as never)
    expect(defined.metrics).toEqual([])
    expect(errors[0]?.details.api).toBe('attachTaxonomyMetrics')
  })
})
