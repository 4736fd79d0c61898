import { describe, expect, it } from 'vitest'
import { createManualClock } from '../manualClock.ts'
import { createTelemetry } from '../telemetry.ts'
import { outcomeOf, scaleBetween } from './define.ts'
import { testTelemetry } from './testDeps.ts'

describe('t.metrics.define', () => {
  it('counts each event under the tags read from its metadata', () => {
    const { t, series } = testTelemetry()
    t.metrics.define([
      { name: 'store.orders', kind: 'counter', events: 'store.order.placed', tagKeys: ['region'] },
    ])
    t.execute('store.order.placed', {}, { region: 'eu', order_id: 'o1' })
    t.execute('store.order.placed', {}, { region: 'eu', order_id: 'o2' })
    t.execute('store.order.placed', {}, { region: 'us' })
    expect(series('store.orders').map((s) => [s.tags, s.value])).toEqual([
      [{ region: 'eu' }, 2],
      [{ region: 'us' }, 1],
    ])
  })

  it('keeps only the declared tag keys, also on an instrument created earlier that keeps every key', () => {
    const { t, series } = testTelemetry()
    t.metrics.counter('store.visits', { unit: '{visit}' })
    t.metrics.define([
      { name: 'store.visits', kind: 'counter', events: 'store.page.viewed', tagKeys: ['page'] },
      { name: 'store.views', kind: 'counter', events: 'store.page.viewed', tagKeys: ['page'] },
    ])
    t.execute('store.page.viewed', {}, { page: 'home', session_id: 's1' })
    expect(series('store.visits').map((s) => s.tags)).toEqual([{ page: 'home' }])
    expect(series('store.views').map((s) => s.tags)).toEqual([{ page: 'home' }])
  })

  it('reads a measurement key, a constant or a function of the event', () => {
    const { t, series } = testTelemetry()
    t.metrics.define([
      { name: 'store.amount', kind: 'histogram', events: 'store.order.placed', measurement: 'amount' },
      { name: 'store.items', kind: 'counter', events: 'store.order.placed', measurement: 3 },
      {
        name: 'store.last_size',
        kind: 'gauge',
        events: 'store.order.placed',
        measurement: (m, md) => (m.amount ?? 0) * (md.qty as number),
      },
    ])
    t.execute('store.order.placed', { amount: 10 }, { qty: 2 })
    t.execute('store.order.placed', { amount: 5 }, { qty: 4 })
    expect(series('store.amount')[0]?.histogram).toMatchObject({ count: 2, sum: 15 })
    expect(series('store.items')[0]?.value).toBe(6)
    expect(series('store.last_size')[0]?.value).toBe(20)
  })

  it('histograms read duration by default and skip events without it', () => {
    const { t, series } = testTelemetry()
    t.metrics.define([
      { name: 'job.duration', kind: 'histogram', events: ['job.stop', 'job.other'], unit: 'ms' },
    ])
    t.execute('job.stop', { duration: 12 }, {})
    t.execute('job.other', {}, {})
    expect(series('job.duration')[0]?.histogram).toMatchObject({ count: 1, sum: 12 })
  })

  it('maps tag values and keeps or drops events by predicate', () => {
    const { t, series } = testTelemetry()
    t.metrics.define([
      {
        name: 'http.requests',
        kind: 'counter',
        events: 'http.done',
        tagKeys: ['class'],
        tagValues: (md) => ({ class: `${String(md.status).slice(0, 1)}xx` }),
        keep: (md) => md.internal !== true,
        drop: (md) => md.status === 404,
      },
    ])
    t.execute('http.done', {}, { status: 200 })
    t.execute('http.done', {}, { status: 503 })
    t.execute('http.done', {}, { status: 404 })
    t.execute('http.done', {}, { status: 200, internal: true })
    expect(series('http.requests').map((s) => [s.tags.class, s.value])).toEqual([
      ['2xx', 1],
      ['5xx', 1],
    ])
  })

  it('converts the measurement unit to the metric unit', () => {
    const { t, series } = testTelemetry()
    t.metrics.define([
      {
        name: 'job.wait',
        kind: 'histogram',
        events: 'job.waited',
        measurement: 'seconds',
        measurementUnit: 's',
        unit: 'ms',
      },
    ])
    t.execute('job.waited', { seconds: 1.5 }, {})
    expect(series('job.wait')[0]?.histogram?.sum).toBe(1500)
    expect(scaleBetween('ns', 'ms')).toBe(1e-6)
    expect(scaleBetween('{token}', 'ms')).toBe(1)
  })

  it('derives outcome and success tags from the event name when the metadata lacks them', () => {
    const { t, series } = testTelemetry()
    t.metrics.define([
      {
        name: 'op.calls',
        kind: 'counter',
        events: ['op.call.stop', 'op.call.exception', 'op.call.rejected'],
        tagKeys: ['outcome'],
      },
      {
        name: 'op.done',
        kind: 'counter',
        events: ['op.call.stop', 'op.call.exception'],
        tagKeys: ['success'],
      },
    ])
    t.execute('op.call.stop', { duration: 1 }, {})
    t.execute('op.call.stop', { duration: 1 }, { success: false })
    t.execute('op.call.exception', { duration: 1 }, { kind: 'error' })
    t.execute('op.call.rejected', {}, {})
    expect(Object.fromEntries(series('op.calls').map((s) => [s.tags.outcome, s.value]))).toEqual({
      success: 1,
      failure: 2,
      rejected: 1,
    })
    expect(Object.fromEntries(series('op.done').map((s) => [s.tags.success, s.value]))).toEqual({
      true: 1,
      false: 2,
    })
    expect(outcomeOf('x.complete', { error: 'boom' })).toBe('failure')
  })

  it('reports a bad definition by metric name and still attaches the others', () => {
    const { t, errors, series } = testTelemetry()
    const defined = t.metrics.define([
      { name: 'bad.kind', kind: 'meter' as never, events: 'e.one' },
      { name: 'bad.gauge', kind: 'gauge', events: 'e.one' },
      { name: 'bad.events', kind: 'counter', events: [] },
      null as never,
      { name: 'good.count', kind: 'counter', events: 'e.one' },
    ])
    t.execute('e.one', {}, {})
    expect(defined.metrics).toEqual(['good.count'])
    expect(series('good.count')[0]?.value).toBe(1)
    expect(errors.map((e) => e.details.metric)).toEqual(['bad.kind', 'bad.gauge', 'bad.events', 'define'])
  })

  it('a throwing definition function is reported and the other metrics of the event still record', () => {
    const { t, errors, series } = testTelemetry()
    t.metrics.define([
      {
        name: 'boom.count',
        kind: 'counter',
        events: 'e.two',
        tagValues: () => {
          throw new Error('no tags')
        },
      },
      { name: 'ok.count', kind: 'counter', events: 'e.two' },
    ])
    expect(() => t.execute('e.two', {}, {})).not.toThrow()
    t.execute('e.two', {}, {})
    expect(series('ok.count')[0]?.value).toBe(2)
    expect(errors.filter((e) => e.details.metric === 'boom.count')).toHaveLength(2)
    expect(t.listHandlers('e.two')).toHaveLength(1)
  })

  it('detach removes every handler it attached, once', () => {
    const { t, series } = testTelemetry()
    const defined = t.metrics.define([
      { name: 'a.count', kind: 'counter', events: ['e.a', 'e.b'] },
      { name: 'b.count', kind: 'counter', events: 'e.b' },
    ])
    expect(
      t
        .listHandlers()
        .map((h) => h.eventName)
        .sort(),
    ).toEqual(['e.a', 'e.b'])
    t.execute('e.b', {}, {})
    defined.detach()
    defined.detach()
    t.execute('e.b', {}, {})
    expect(t.listHandlers()).toEqual([])
    expect(series('a.count')[0]?.value).toBe(1)
    expect(series('b.count')[0]?.value).toBe(1)
  })

  it('never throws on input that is not a list of definitions', () => {
    const { t, errors } = testTelemetry()
    expect(() => t.metrics.define(undefined as never)).not.toThrow()
    expect(() => t.metrics.define('x' as never)).not.toThrow()
    expect(errors.length).toBeGreaterThan(0)
  })
})

describe('t.metrics.define on an instrument created without tag keys', () => {
  it('keeps only the definition tag keys, not every metadata key', () => {
    const { t, series } = testTelemetry()
    t.metrics.counter('pre.count')
    t.metrics.define([{ name: 'pre.count', kind: 'counter', events: 'pre.event', tagKeys: ['region'] }])
    t.execute('pre.event', {}, { region: 'eu', request_id: 'r1' })
    t.execute('pre.event', {}, { region: 'eu', request_id: 'r2' })
    expect(series('pre.count').map((s) => [s.tags, s.value])).toEqual([[{ region: 'eu' }, 2]])
  })
})

describe('t.metrics.define and enrichment', () => {
  /** Metadata that counts how often its keys are listed (enrichment copies it by listing them). */
  function listed(metadata: Record<string, unknown>, count: { n: number }) {
    return new Proxy(metadata, {
      ownKeys: (target) => {
        count.n++
        return Reflect.ownKeys(target)
      },
    })
  }

  it('a metric tagged by an enrichment key records the enriched value', () => {
    const t = createTelemetry({ clock: createManualClock(), env: {}, service: 'svc', layer: 'foundation' })
    t.metrics.define([
      { name: 'svc.calls', kind: 'counter', events: 'svc.call', tagKeys: ['service', 'layer', 'name'] },
    ])
    t.execute('svc.call', {}, { name: 'db' })
    t.execute('svc.call', {}, { name: 'db', service: 'caller-set' })
    const series = t.metrics.collect().find((m) => m.name === 'svc.calls')?.series ?? []
    expect(series.map((s) => [s.tags, s.value])).toEqual([
      [{ service: 'svc', layer: 'foundation', name: 'db' }, 1],
      [{ service: 'caller-set', layer: 'foundation', name: 'db' }, 1],
    ])
  })

  it('a metric tagged only by other keys skips enrichment and records the same series as an enriched one', () => {
    const t = createTelemetry({ clock: createManualClock(), env: {}, service: 'svc' })
    t.metrics.define([
      { name: 'raw.calls', kind: 'counter', events: 'op.stop', tagKeys: ['name', 'outcome'] },
    ])
    // `keep` is a function, which could read any key: this one takes enriched metadata.
    t.metrics.define([
      {
        name: 'enriched.calls',
        kind: 'counter',
        events: 'other.op.stop',
        tagKeys: ['name', 'outcome'],
        keep: () => true,
      },
    ])
    const count = { n: 0 }
    const sent = [{ name: 'db' }, { name: 'db', success: false }, { name: 'llm', service: 'x', error: 'e' }]
    for (const md of sent) t.execute('op.stop', {}, listed({ ...md }, count))
    expect(count.n).toBe(0)
    // The same events through the enriching handler: read, and recorded identically.
    for (const md of sent) t.execute('other.op.stop', {}, listed({ ...md }, count))
    expect(count.n).toBe(sent.length)
    const seriesOf = (name: string) =>
      t.metrics
        .collect()
        .find((m) => m.name === name)
        ?.series.map((s) => [s.tags, s.value])
    expect(seriesOf('raw.calls')).toEqual([
      [{ name: 'db', outcome: 'success' }, 1],
      [{ name: 'db', outcome: 'failure' }, 1],
      [{ name: 'llm', outcome: 'failure' }, 1],
    ])
    expect(seriesOf('enriched.calls')).toEqual(seriesOf('raw.calls'))
  })

  it('definition functions see enriched metadata', () => {
    const t = createTelemetry({ clock: createManualClock(), env: {}, service: 'svc' })
    t.metrics.define([
      {
        name: 'fn.calls',
        kind: 'counter',
        events: 'fn.call',
        tagKeys: ['owner'],
        tagValues: (md) => ({ owner: md.service as string }),
      },
      {
        name: 'fn.pid',
        kind: 'gauge',
        events: 'fn.call',
        measurement: (_m, md) => md.pid as number,
      },
    ])
    t.execute('fn.call', {}, {})
    const collected = t.metrics.collect()
    expect(collected.find((m) => m.name === 'fn.calls')?.series[0]?.tags).toEqual({ owner: 'svc' })
    expect(collected.find((m) => m.name === 'fn.pid')?.series[0]?.value).toBe(process.pid)
  })

  it('follows the instance: no enrichment for any metric on an instance created with enrich: false', () => {
    const t = createTelemetry({ clock: createManualClock(), env: {}, service: 'svc', enrich: false })
    t.metrics.define([{ name: 'off.calls', kind: 'counter', events: 'off.call', tagKeys: ['service'] }])
    t.execute('off.call', {}, {})
    expect(t.metrics.collect().find((m) => m.name === 'off.calls')?.series[0]?.tags).toEqual({})
  })
})
