import { createTelemetry, type MetricSpec } from '@foundation-telemetry/core'
import { findMetricDefinition } from '@foundation-telemetry/taxonomy'
import { describe, expect, it } from 'vitest'
import { claimOwnMetrics, ownMetricNames } from './ownMetrics.ts'

describe('claimOwnMetrics', () => {
  it('creates every own instrument and takes each one off the taxonomy path', () => {
    const t = createTelemetry({ service: 'test' })
    const overrides: Record<string, Partial<MetricSpec> | false> = { 'foundation.cache.hits': { unit: '1' } }
    const metrics = claimOwnMetrics(t, {}, overrides)
    expect(Object.values(metrics).filter((m) => m !== undefined)).toHaveLength(4)
    expect(ownMetricNames).toHaveLength(4)
    for (const name of ownMetricNames) expect(overrides[name]).toBe(false)
    expect(overrides['foundation.cache.hits']).toEqual({ unit: '1' })
  })

  it('records under the taxonomy tag keys', () => {
    const t = createTelemetry({ service: 'test' })
    const metrics = claimOwnMetrics(t, {}, {})
    metrics.operations?.add(1, { kind: 'register', extra: 'dropped' } as never)
    const series = t.metrics.collect().find((s) => s.name === 'foundation.operations')
    expect(findMetricDefinition('foundation.operations')?.tagKeys).toEqual(['kind'])
    expect(series?.series[0]?.tags).toEqual({ kind: 'register' })
  })

  it('leaves a metric the caller overrides to the taxonomy path', () => {
    const t = createTelemetry({ service: 'test' })
    const given = { 'foundation.operations': { unit: 'ops' } }
    const overrides: Record<string, Partial<MetricSpec> | false> = { ...given }
    const metrics = claimOwnMetrics(t, given, overrides)
    expect(metrics.operations).toBeUndefined()
    expect(metrics.calls).toBeDefined()
    expect(overrides['foundation.operations']).toEqual({ unit: 'ops' })
  })
})
