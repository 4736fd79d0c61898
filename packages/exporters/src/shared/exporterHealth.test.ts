import { describe, expect, it } from 'vitest'
import {
  createExporterHealth,
  exporterHealthMetricNames,
  HealthInstruments,
  type HealthTarget,
} from './exporterHealth.ts'

function fakeTelemetry() {
  const adds: Array<{ name: string; tags: Record<string, string>; value: number }> = []
  const sets: Array<{ name: string; tags: Record<string, string>; value: number }> = []
  let created = 0
  const target: HealthTarget = {
    metrics: {
      counter: (name) => {
        created++
        return { bind: (tags) => ({ add: (value) => adds.push({ name, tags, value }) }) }
      },
      gauge: (name) => ({ bind: (tags) => ({ set: (value) => sets.push({ name, tags, value }) }) }),
    },
  }
  return { target, adds, sets, created: () => created }
}

describe('createExporterHealth', () => {
  it('counts exported, dropped and failed items with exporter, signal and reason tags', () => {
    const fake = fakeTelemetry()
    const health = createExporterHealth(fake.target, 'otlp')
    health.exported(3, 'spans')
    health.dropped(2, 'spans', 'queue_full')
    health.failed(1, 'metrics')
    health.queueDepth(7, 'spans')
    expect(fake.adds).toEqual([
      { name: exporterHealthMetricNames.exported, tags: { exporter: 'otlp', signal: 'spans' }, value: 3 },
      {
        name: exporterHealthMetricNames.dropped,
        tags: { exporter: 'otlp', signal: 'spans', reason: 'queue_full' },
        value: 2,
      },
      { name: exporterHealthMetricNames.failed, tags: { exporter: 'otlp', signal: 'metrics' }, value: 1 },
    ])
    expect(fake.sets).toEqual([
      { name: exporterHealthMetricNames.queueDepth, tags: { exporter: 'otlp', signal: 'spans' }, value: 7 },
    ])
    expect(health.totals()).toEqual({ exported: 3, dropped: 2, failed: 1 })
  })

  it('binds each tag set once', () => {
    const fake = fakeTelemetry()
    const health = createExporterHealth(fake.target, 'statsd')
    for (let i = 0; i < 5; i++) health.exported(1, 'lines')
    expect(fake.created()).toBe(1)
    expect(fake.adds).toHaveLength(5)
  })

  it('ignores non-positive counts and keeps totals without telemetry or with a throwing engine', () => {
    const throwing: HealthTarget = {
      metrics: {
        counter: () => {
          throw new Error('engine not built')
        },
        gauge: () => {
          throw new Error('engine not built')
        },
      },
    }
    for (const target of [undefined, throwing]) {
      const health = createExporterHealth(target, 'jsonl')
      health.exported(0, 'lines')
      health.exported(Number.NaN, 'lines')
      health.dropped(4, 'lines', 'oversized')
      expect(() => health.queueDepth(1, 'lines')).not.toThrow()
      expect(health.totals()).toEqual({ exported: 0, dropped: 4, failed: 0 })
    }
  })
})

describe('HealthInstruments', () => {
  it('binds each counter once per name, signal and reason, tagged with the exporter', () => {
    const fake = fakeTelemetry()
    const instruments = new HealthInstruments(fake.target, 'emf')
    const first = instruments.counter(exporterHealthMetricNames.dropped, 'lines', 'oversized')
    expect(instruments.counter(exporterHealthMetricNames.dropped, 'lines', 'oversized')).toBe(first)
    expect(instruments.counter(exporterHealthMetricNames.dropped, 'lines', 'queue_full')).not.toBe(first)
    expect(instruments.counter(exporterHealthMetricNames.dropped, 'events', 'oversized')).not.toBe(first)
    expect(fake.created()).toBe(3)
    first?.add(2)
    expect(fake.adds).toEqual([
      {
        name: exporterHealthMetricNames.dropped,
        tags: { exporter: 'emf', signal: 'lines', reason: 'oversized' },
        value: 2,
      },
    ])
  })

  it('asks a throwing metrics engine once per instrument and answers undefined after', () => {
    let asked = 0
    const throwing: HealthTarget = {
      metrics: {
        counter: () => {
          asked++
          throw new Error('engine not built')
        },
        gauge: () => {
          asked++
          throw new Error('engine not built')
        },
      },
    }
    const instruments = new HealthInstruments(throwing, 'jsonl')
    for (let i = 0; i < 3; i++) {
      expect(instruments.counter(exporterHealthMetricNames.exported, 'lines')).toBeUndefined()
      expect(instruments.gauge('lines')).toBeUndefined()
    }
    expect(asked).toBe(2)
  })

  it('binds one queue-depth gauge per signal', () => {
    const fake = fakeTelemetry()
    const instruments = new HealthInstruments(fake.target, 'otlp')
    const spans = instruments.gauge('spans')
    expect(instruments.gauge('spans')).toBe(spans)
    instruments.gauge('logs')?.set(4)
    expect(fake.sets).toEqual([
      { name: exporterHealthMetricNames.queueDepth, tags: { exporter: 'otlp', signal: 'logs' }, value: 4 },
    ])
  })
})
