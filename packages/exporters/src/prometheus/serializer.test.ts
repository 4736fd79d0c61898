import type { MetricSnapshot, SeriesSnapshot } from '@foundation-telemetry/core'
import { describe, expect, it } from 'vitest'
import { series as seriesAt, snapshot } from '../../test/metricSnapshots.ts'
import { createPrometheusSerializer, type SerializeInput } from './serializer.ts'

// A fresh serializer per call: what one scrape of a new exporter writes.
const serializeSnapshots = (input: SerializeInput) => createPrometheusSerializer().serialize(input)

const T0 = Date.UTC(2026, 0, 1)

function series(tags: Record<string, string>, data: Partial<SeriesSnapshot>): SeriesSnapshot {
  return seriesAt(tags, { startTime: T0, time: T0 + 60_000, ...data })
}

function metric(partial: Partial<MetricSnapshot> & Pick<MetricSnapshot, 'name' | 'kind'>): MetricSnapshot {
  return snapshot({ temporality: 'cumulative', series: [], ...partial })
}

const requests = metric({
  name: 'foundation.process_registry.lookups',
  kind: 'counter',
  unit: '{lookup}',
  description: 'Registry lookups',
  series: [series({ result: 'hit' }, { value: 41 }), series({ result: 'miss' }, { value: 1.5 })],
})
const latency = metric({
  name: 'foundation.process_registry.lookup_duration',
  kind: 'histogram',
  unit: 'ms',
  description: 'Lookup latency',
  series: [
    series(
      { registry: 'main' },
      {
        histogram: { bounds: [5, 300, 1000], counts: [2, 1, 0, 1], sum: 1507.5, count: 4, min: 1, max: 1200 },
        exemplars: [{ value: 250, time: T0 + 1500, traceId: 'a'.repeat(32), spanId: 'b'.repeat(16) }],
      },
    ),
  ],
})
const summary = metric({
  name: 'dspex.program.latency',
  kind: 'summary',
  unit: 's',
  description: 'Program latency',
  series: [
    series(
      {},
      {
        summary: {
          quantiles: [
            { quantile: 0.5, value: 0.25 },
            { quantile: 1, value: 2 },
          ],
          sum: 12.5,
          count: 10,
        },
      },
    ),
  ],
})
const heap = metric({
  name: 'foundation.runtime.heap_used',
  kind: 'gauge',
  unit: 'By',
  description: 'Heap in use',
  series: [series({}, { value: 1048576 })],
})

describe('text format 0.0.4', () => {
  it('writes counters with _total, histograms in seconds, summaries and byte gauges exactly', () => {
    const text = serializeSnapshots({
      snapshots: [requests, latency, summary, heap],
      resource: { 'service.name': 'demo' },
      format: 'text',
    })
    expect(text).toBe(
      [
        '# HELP target_info Target metadata',
        '# TYPE target_info gauge',
        'target_info{service_name="demo"} 1',
        '# HELP foundation_process_registry_lookups_total Registry lookups',
        '# TYPE foundation_process_registry_lookups_total counter',
        'foundation_process_registry_lookups_total{result="hit"} 41',
        'foundation_process_registry_lookups_total{result="miss"} 1.5',
        '# HELP foundation_process_registry_lookup_duration_seconds Lookup latency',
        '# TYPE foundation_process_registry_lookup_duration_seconds histogram',
        'foundation_process_registry_lookup_duration_seconds_bucket{registry="main",le="0.005"} 2',
        'foundation_process_registry_lookup_duration_seconds_bucket{registry="main",le="0.3"} 3',
        'foundation_process_registry_lookup_duration_seconds_bucket{registry="main",le="1"} 3',
        'foundation_process_registry_lookup_duration_seconds_bucket{registry="main",le="+Inf"} 4',
        'foundation_process_registry_lookup_duration_seconds_sum{registry="main"} 1.5075',
        'foundation_process_registry_lookup_duration_seconds_count{registry="main"} 4',
        '# HELP dspex_program_latency_seconds Program latency',
        '# TYPE dspex_program_latency_seconds summary',
        'dspex_program_latency_seconds{quantile="0.5"} 0.25',
        'dspex_program_latency_seconds{quantile="1"} 2',
        'dspex_program_latency_seconds_sum 12.5',
        'dspex_program_latency_seconds_count 10',
        '# HELP foundation_runtime_heap_used_bytes Heap in use',
        '# TYPE foundation_runtime_heap_used_bytes gauge',
        'foundation_runtime_heap_used_bytes 1048576',
        '',
      ].join('\n'),
    )
  })

  it('escapes HELP (backslash, newline) and label values (backslash, quote, newline), keeping UTF-8', () => {
    const text = serializeSnapshots({
      snapshots: [
        metric({
          name: 'agent.messages',
          kind: 'gauge',
          description: 'say "hi"\\ then\nbye',
          series: [series({ 'agent.id': 'a"b\\c\nd ünï 🚀' }, { value: -0.5 })],
        }),
      ],
      resource: {},
      format: 'text',
    })
    expect(text).toBe(
      '# HELP agent_messages say "hi"\\\\ then\\nbye\n# TYPE agent_messages gauge\n' +
        'agent_messages{agent_id="a\\"b\\\\c\\nd ünï 🚀"} -0.5\n',
    )
  })

  it('writes up-down counters as gauges, never with _total, and special floats as +Inf/-Inf/NaN', () => {
    const text = serializeSnapshots({
      snapshots: [
        metric({
          name: 'queue.depth_total',
          kind: 'updowncounter',
          series: [
            series({ q: 'a' }, { value: Number.POSITIVE_INFINITY }),
            series({ q: 'b' }, { value: Number.NEGATIVE_INFINITY }),
            series({ q: 'c' }, { value: Number.NaN }),
          ],
        }),
      ],
      resource: {},
      format: 'text',
    })
    expect(text).toContain('# TYPE queue_depth gauge\n')
    expect(text).not.toMatch(/^[^#].*_total/m)
    expect(text).toContain('queue_depth{q="a"} +Inf\nqueue_depth{q="b"} -Inf\nqueue_depth{q="c"} NaN\n')
  })

  it('sanitizes label names, renames reserved ones, and merges keys that collide', () => {
    const text = serializeSnapshots({
      snapshots: [
        metric({
          name: 'x',
          kind: 'gauge',
          series: [series({ '1st': 'a', __name__: 'b', 'a.b': 'c', a_b: 'd', le: 'e' }, { value: 1 })],
        }),
      ],
      resource: {},
      format: 'text',
    })
    expect(text).toContain('x{_1st="a",a_b="c;d",key_name__="b",tag_le="e"} 1\n')
  })

  it('skips a family whose Prometheus name is taken and reports it', () => {
    const dupes: string[] = []
    const text = serializeSnapshots({
      snapshots: [
        metric({ name: 'a.b', kind: 'gauge', series: [series({}, { value: 1 })] }),
        metric({ name: 'a_b', kind: 'gauge', series: [series({}, { value: 2 })] }),
      ],
      resource: {},
      format: 'text',
      onDuplicate: (name, metricName) => dupes.push(`${name}<-${metricName}`),
    })
    expect(text).toBe('# HELP a_b a.b\n# TYPE a_b gauge\na_b 1\n')
    expect(dupes).toEqual(['a_b<-a_b'])
  })
})

describe('tag keys named like Object.prototype members', () => {
  it('are labels like any other key: constructor, toString and __proto__ keep their values', () => {
    const tags = JSON.parse('{"__proto__":"p","constructor":"c","toString":"t"}') as Record<string, string>
    const text = serializeSnapshots({
      snapshots: [metric({ name: 'hostile', kind: 'counter', series: [series(tags, { value: 1 })] })],
      resource: {},
      format: 'text',
    })
    expect(text).toContain('hostile_total{constructor="c",key_proto__="p",toString="t"} 1')
  })
})

describe('OpenMetrics 1.0', () => {
  it('writes TYPE/UNIT/HELP, _total and _created, canonical le/quantile, exemplars and # EOF', () => {
    const text = serializeSnapshots({
      snapshots: [requests, latency, summary],
      resource: { 'service.name': 'demo', 'service.version': '1.2' },
      format: 'openmetrics',
    })
    const created = String(T0 / 1000)
    expect(text).toBe(
      [
        '# HELP target Target metadata',
        '# TYPE target info',
        'target_info{service_name="demo",service_version="1.2"} 1',
        '# HELP foundation_process_registry_lookups Registry lookups',
        '# TYPE foundation_process_registry_lookups counter',
        'foundation_process_registry_lookups_total{result="hit"} 41',
        `foundation_process_registry_lookups_created{result="hit"} ${created}`,
        'foundation_process_registry_lookups_total{result="miss"} 1.5',
        `foundation_process_registry_lookups_created{result="miss"} ${created}`,
        '# HELP foundation_process_registry_lookup_duration_seconds Lookup latency',
        '# TYPE foundation_process_registry_lookup_duration_seconds histogram',
        '# UNIT foundation_process_registry_lookup_duration_seconds seconds',
        'foundation_process_registry_lookup_duration_seconds_bucket{registry="main",le="0.005"} 2',
        `foundation_process_registry_lookup_duration_seconds_bucket{registry="main",le="0.3"} 3 # {trace_id="${'a'.repeat(32)}",span_id="${'b'.repeat(16)}"} 0.25 ${(T0 + 1500) / 1000}`,
        'foundation_process_registry_lookup_duration_seconds_bucket{registry="main",le="1.0"} 3',
        'foundation_process_registry_lookup_duration_seconds_bucket{registry="main",le="+Inf"} 4',
        'foundation_process_registry_lookup_duration_seconds_count{registry="main"} 4',
        'foundation_process_registry_lookup_duration_seconds_sum{registry="main"} 1.5075',
        `foundation_process_registry_lookup_duration_seconds_created{registry="main"} ${created}`,
        '# HELP dspex_program_latency_seconds Program latency',
        '# TYPE dspex_program_latency_seconds summary',
        '# UNIT dspex_program_latency_seconds seconds',
        'dspex_program_latency_seconds{quantile="0.5"} 0.25',
        'dspex_program_latency_seconds{quantile="1.0"} 2',
        'dspex_program_latency_seconds_count 10',
        'dspex_program_latency_seconds_sum 12.5',
        `dspex_program_latency_seconds_created ${created}`,
        '# EOF',
        '',
      ].join('\n'),
    )
  })

  it('escapes double quotes in HELP, as OpenMetrics requires', () => {
    const text = serializeSnapshots({
      snapshots: [
        metric({ name: 'g', kind: 'gauge', description: 'a "b"\\', series: [series({}, { value: 1 })] }),
      ],
      resource: {},
      format: 'openmetrics',
    })
    expect(text.split('\n')[0]).toBe('# HELP g a \\"b\\"\\\\')
  })

  it('ends with # EOF even with no metrics', () => {
    expect(serializeSnapshots({ snapshots: [], resource: {}, format: 'openmetrics' })).toBe('# EOF\n')
  })
})

describe('serializeAsync', () => {
  it('produces exactly the synchronous output, whatever the chunk size', async () => {
    const many = metric({
      name: 'many',
      kind: 'counter',
      series: Array.from({ length: 257 }, (_, i) => series({ i: String(i) }, { value: i })),
    })
    const serializer = createPrometheusSerializer()
    for (const format of ['text', 'openmetrics'] as const) {
      const input = { snapshots: [requests, many, latency, summary, heap], resource: { a: 'b' }, format }
      const expected = serializeSnapshots(input)
      for (const chunk of [1, 7, 100, 10_000]) {
        expect(await serializer.serializeAsync(input, chunk)).toBe(expected)
      }
    }
  })
})

describe('label memory of one serializer', () => {
  const reused = metric({
    name: 'cache.reused',
    kind: 'gauge',
    series: Array.from({ length: 50 }, (_, i) => series({ i: String(i), q: 'a"b' }, { value: i })),
  })
  const fresh = () => ({
    ...reused,
    series: reused.series.map((s) => ({ ...s, tags: { ...s.tags } })),
  })

  it('gives the same output whether tags objects are reused across scrapes or fresh each time', () => {
    const serializer = createPrometheusSerializer()
    const expected = serializeSnapshots({ snapshots: [reused], resource: {}, format: 'text' })
    for (let round = 0; round < 3; round++) {
      for (const snapshot of [fresh(), reused, fresh()]) {
        for (const format of ['text', 'openmetrics'] as const) {
          const once = serializeSnapshots({ snapshots: [snapshot], resource: {}, format })
          expect(serializer.serialize({ snapshots: [snapshot], resource: {}, format })).toBe(once)
        }
        expect(serializer.serialize({ snapshots: [snapshot], resource: {}, format: 'text' })).toBe(expected)
      }
    }
  })

  it('renders every series right when there are more label sets than it remembers', () => {
    const serializer = createPrometheusSerializer({ maxLabelSets: 7 })
    const expected = serializeSnapshots({
      snapshots: [reused, requests, latency],
      resource: {},
      format: 'text',
    })
    for (let round = 0; round < 3; round++) {
      expect(
        serializer.serialize({ snapshots: [fresh(), requests, latency], resource: {}, format: 'text' }),
      ).toBe(expected)
    }
  })

  it('renders tags that are not plain string records without remembering them', () => {
    const odd = metric({
      name: 'odd',
      kind: 'gauge',
      series: [
        series({ n: 1 } as unknown as Record<string, string>, { value: 1 }),
        series(Object.assign(Object.create(null), { a: 'x' }), { value: 2 }),
      ],
    })
    const serializer = createPrometheusSerializer()
    for (let i = 0; i < 2; i++) {
      expect(serializer.serialize({ snapshots: [odd], resource: {}, format: 'text' })).toBe(
        '# HELP odd odd\n# TYPE odd gauge\nodd{n="1"} 1\nodd{a="x"} 2\n',
      )
    }
  })
})
