import { describe, expect, it } from 'vitest'
import { createTelemetry } from './telemetry.ts'

function seriesValues(t: ReturnType<typeof createTelemetry>, name: string) {
  return t.metrics
    .collect()
    .find((m) => m.name === name)
    ?.series.map((s) => [s.tags, s.value])
}

describe("telemetry's own health counters", () => {
  it('counts handler failures by handler id', () => {
    const t = createTelemetry({ env: {} })
    t.attach('boom', 'my_app.x', () => {
      throw new Error('handler bug')
    })
    t.execute('my_app.x', {}, {})
    expect(seriesValues(t, 'telemetry.handler.failures')).toEqual([
      [{ durable: 'false', handler_id: 'boom' }, 1],
    ])
  })

  it('counts invalid input by code and api', () => {
    const t = createTelemetry({ env: {} })
    t.attach('h', 'my_app.x', () => {})
    t.execute('my_app.x', 'not an object' as never, {})
    t.extract({ traceparent: 'garbage' })
    expect(seriesValues(t, 'telemetry.input.invalid')).toEqual([
      [{ api: 'execute', code: 'invalid_input' }, 1],
      [{ api: 'extract', code: 'invalid_context' }, 1],
    ])
  })

  it('counts dropped data by reason and source, and overflowing its own counter does not loop', () => {
    const t = createTelemetry({ env: {} })
    const counter = t.metrics.counter('my_app.requests', { cardinalityLimit: 1 })
    counter.add(1, { user: 'a' })
    counter.add(1, { user: 'b' })
    const dropped = seriesValues(t, 'telemetry.data.dropped')
    expect(dropped).toHaveLength(1)
    expect(dropped?.[0]?.[1]).toBe(1)
    expect(t.stats().data_dropped).toBe(1)
  })
})
