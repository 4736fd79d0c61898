import { describe, expect, it } from 'vitest'
import type { TelemetryError } from './errors.ts'
import { createInstanceEvents, type InstanceEvents } from './instanceEvents.ts'
import { resolveResource } from './resource.ts'
import type { CreateTelemetryOptions } from './telemetryOptions.ts'
import type { Metadata, SpanContext } from './types.ts'

/** An instance's event side over `options`, an active span context and the errors it reported. */
function setup(options: CreateTelemetryOptions = {}) {
  const errors: TelemetryError[] = []
  const report = (error: TelemetryError) => void errors.push(error)
  const resource = resolveResource({ service: 'checkout', env: {}, report })
  const active: SpanContext = { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: 1 }
  const events = createInstanceEvents({ options, resource, activeSpanContext: () => active, report })
  return { events, errors, active }
}

/** The metadata a handler attached to `event` receives, as a live list. */
function metadataSeen(events: InstanceEvents, event: string): Metadata[] {
  const seen: Metadata[] = []
  events.bus.attach(
    'h',
    event,
    (_e: string, _m: unknown, md: Metadata) => seen.push(md),
    undefined,
    undefined,
  )
  return seen
}

describe('instance events', () => {
  it('execute reaches a handler attached on its bus, with the instance identity and active span ids added', () => {
    const { events, active } = setup()
    const seen = metadataSeen(events, 'app.done')
    events.execute('app.done', { count: 1 }, { order: 7 })
    expect(seen[0]).toMatchObject({ order: 7, service: 'checkout', trace_id: active.traceId })
    expect(events.path.hasHandlers('app.done')).toBe(true)
  })

  it('with enrich: false a handler receives the metadata object as given', () => {
    const { events } = setup({ enrich: false })
    const given = { order: 7 }
    const seen = metadataSeen(events, 'app.done')
    events.execute('app.done', {}, given)
    expect(seen[0]).toBe(given)
  })

  it('keeps the event sampler of the options, and reports one without sampleEvent()', () => {
    const sampler = { sampleEvent: () => 1 }
    expect(setup({ eventSampler: sampler }).events.sampler).toBe(sampler)
    const bad = setup({ eventSampler: {} as never })
    expect(bad.events.sampler).toBeUndefined()
    expect(bad.errors).toHaveLength(1)
  })

  it('sampled handlers get the adjusted count the sampler decides', () => {
    const { events } = setup({ eventSampler: { sampleEvent: () => 4 } })
    const counts: unknown[] = []
    events.bus.attach(
      's',
      'app.done',
      (_e: string, m: Record<string, unknown>) => counts.push(m.adjusted_count),
      undefined,
      { sampled: true },
    )
    events.execute('app.done', {}, {})
    expect(counts).toEqual([4])
  })
})
