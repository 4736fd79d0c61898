import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  baseUnit,
  convertToBaseUnit,
  findMetricDefinition,
  prometheusName,
  unitToPrometheusSuffix,
} from './index.ts'
import { cachedUnitCount } from './units.ts'

describe('convertToBaseUnit', () => {
  it.each([
    [1500, 'ms', 1.5, 's'],
    [300, 'ms', 0.3, 's'],
    [2, 'min', 120, 's'],
    [250, 'us', 0.00025, 's'],
    [2048, 'By', 2048, 'By'],
    [2, 'KiBy', 2048, 'By'],
    [12, '%', 0.12, '1'],
    [30, '{request}/min', 0.5, '{request}/s'],
  ] as const)('brings time to seconds and sizes to bytes: %d %s is %d %s', (value, unit, baseValue, base) => {
    expect(convertToBaseUnit(value, unit)).toEqual({ value: baseValue, unit: base })
  })

  it('leaves dimensionless, annotated and unknown units alone', () => {
    for (const unit of ['1', '{token}', 'USD', 'furlong', '']) {
      expect(convertToBaseUnit(7.25, unit)).toEqual({ value: 7.25, unit })
    }
  })

  it('divides milliseconds exactly as seconds are written (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), (ms) => {
        expect(convertToBaseUnit(ms, 'ms').value).toBe(ms / 1000)
      }),
    )
  })

  it('is a fixed point on base units (property)', () => {
    const units = fc.constantFrom(
      'ns',
      'us',
      'ms',
      's',
      'min',
      'h',
      'By',
      'KBy',
      'MiBy',
      '1',
      '{item}',
      'USD',
    )
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), units, (value, unit) => {
        const once = convertToBaseUnit(value, unit)
        expect(convertToBaseUnit(once.value, once.unit)).toEqual(once)
      }),
    )
  })

  it('caches at most a bounded number of units, and still answers past the cap', () => {
    for (let i = 0; i < 1000; i++) baseUnit(`{thing_${i}}`)
    expect(cachedUnitCount()).toBeLessThanOrEqual(256)
    expect(cachedUnitCount()).toBeGreaterThan(200)
    expect(baseUnit('{thing_999}')).toEqual({ unit: '{thing_999}', multiplier: 1, divisor: 1 })
    expect(baseUnit('KiBy/min')).toEqual({ unit: 'By/s', multiplier: 1024, divisor: 60 })
  })
})

describe('unitToPrometheusSuffix', () => {
  it.each([
    ['ms', 'seconds'],
    ['s', 'seconds'],
    ['By', 'bytes'],
    ['MiBy', 'bytes'],
    ['1', ''],
    ['{request}', ''],
    ['{request}/s', 'per_second'],
    ['By/s', 'bytes_per_second'],
    ['USD', 'usd'],
    ['%', 'ratio'],
  ])('follows the OpenTelemetry to Prometheus unit rules: %j -> %j', (unit, suffix) => {
    expect(unitToPrometheusSuffix(unit)).toBe(suffix)
  })
})

describe('prometheusName', () => {
  it('derives the DESIGN.md example from the taxonomy data', () => {
    const definition = findMetricDefinition('foundation_jido.signal.dispatch_duration')
    expect(definition && prometheusName(definition)).toBe('foundation_jido_signal_dispatch_duration_seconds')
    expect(prometheusName('foundation_jido.signal.dispatch_duration')).toBe(
      'foundation_jido_signal_dispatch_duration_seconds',
    )
  })

  it('adds base-unit suffixes but never `_total`', () => {
    expect(prometheusName('foundation.runtime.memory.rss')).toBe('foundation_runtime_memory_rss_bytes')
    expect(prometheusName('foundation.process_registry.registrations')).toBe(
      'foundation_process_registry_registrations',
    )
    expect(prometheusName('dspex.llm.cost')).toBe('dspex_llm_cost_usd')
    expect(prometheusName('my.requests_total', '{request}')).toBe('my_requests')
  })

  it('uses an explicit unit for names outside the taxonomy, and over the definition', () => {
    expect(prometheusName('my.queue.size', 'By')).toBe('my_queue_size_bytes')
    expect(prometheusName('my.thing')).toBe('my_thing')
    expect(prometheusName('foundation.runtime.memory.rss', 'KiBy')).toBe(
      'foundation_runtime_memory_rss_bytes',
    )
  })

  it('does not repeat a unit the name already spells', () => {
    expect(prometheusName('http.latency_seconds', 's')).toBe('http_latency_seconds')
    expect(prometheusName('queue.wait_ms', 'ms')).toBe('queue_wait_seconds')
    expect(prometheusName('cache.hit_ratio', '%')).toBe('cache_hit_ratio')
  })

  it('always yields a valid, stable Prometheus name (property)', () => {
    const units = fc.constantFrom('ms', 's', 'By', '1', '{x}', '{x}/s', 'USD', '%', '')
    fc.assert(
      fc.property(fc.string(), units, (name, unit) => {
        const out = prometheusName(name, unit)
        expect(out).toMatch(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/)
        expect(prometheusName(out, unit)).toBe(out)
      }),
    )
  })
})
