import { describe, expect, it } from 'vitest'
import { prometheusFamily, sanitizeLabelName, sanitizeMetricName, toBaseUnit } from './naming.ts'

describe('prometheusFamily', () => {
  it('maps taxonomy names and units to Prometheus base units', () => {
    expect(prometheusFamily('foundation_jido.signal.dispatch_duration', 'ms')).toMatchObject({
      name: 'foundation_jido_signal_dispatch_duration_seconds',
      unit: 'seconds',
    })
    expect(prometheusFamily('foundation.runtime.heap_used', 'By').name).toBe(
      'foundation_runtime_heap_used_bytes',
    )
    expect(prometheusFamily('foundation.registry.size', '1')).toMatchObject({
      name: 'foundation_registry_size',
      unit: '',
    })
    expect(prometheusFamily('dspex.llm.requests', '{request}').name).toBe('dspex_llm_requests')
    expect(prometheusFamily('foundation.cache.hit', '%')).toMatchObject({
      name: 'foundation_cache_hit_ratio',
      unit: 'ratio',
    })
    expect(prometheusFamily('dspex.llm.cost', 'USD').name).toBe('dspex_llm_cost_usd')
    expect(prometheusFamily('http.rate', '{request}/s').name).toBe('http_rate_per_second')
  })

  it('never doubles a unit suffix and strips a stray _total', () => {
    expect(prometheusFamily('a.latency_ms', 'ms').name).toBe('a_latency_seconds')
    expect(prometheusFamily('a.latency_seconds', 's').name).toBe('a_latency_seconds')
    expect(prometheusFamily('a.requests_total', '1').name).toBe('a_requests')
    expect(prometheusFamily('a.bytes_sent_total', 'By').name).toBe('a_bytes_sent_bytes')
  })

  it('converts values exactly for decimal bounds', () => {
    const family = prometheusFamily('x', 'ms')
    expect([0.3, 5, 300, 2500].map((v) => toBaseUnit(v, family))).toEqual([0.0003, 0.005, 0.3, 2.5])
    expect(toBaseUnit(2, prometheusFamily('x', 'KiBy'))).toBe(2048)
    expect(prometheusFamily('x', '{thing}')).toEqual({ name: 'x', unit: '', multiplier: 1, divisor: 1 })
    expect(toBaseUnit(50, prometheusFamily('x', '%'))).toBe(0.5)
  })
})

describe('sanitizing', () => {
  it('keeps metric names within [a-zA-Z_:][a-zA-Z0-9_:]*', () => {
    expect(sanitizeMetricName('a.b-c d/é:x')).toBe('a_b_c_d__:x')
    expect(sanitizeMetricName('9lives')).toBe('_9lives')
  })

  it('keeps label names within [a-zA-Z_][a-zA-Z0-9_]* and out of the reserved __ space', () => {
    expect(sanitizeLabelName('agent.id')).toBe('agent_id')
    expect(sanitizeLabelName('a:b')).toBe('a_b')
    expect(sanitizeLabelName('__name__')).toBe('key_name__')
    expect(sanitizeLabelName('.x')).toBe('_x')
    expect(sanitizeLabelName('..x')).toBe('key_x')
    expect(sanitizeLabelName('')).toBe('_')
  })
})
