import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { createManualClock, createTelemetry, type TelemetryError } from '@foundation-telemetry/core'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createJsonlExporter } from '../src/jsonl.ts'
import { captureStream } from './captureStream.ts'

let dir: string
let errors: TelemetryError[]
const setup = () => {
  errors = []
  const clock = createManualClock()
  const telemetry = createTelemetry({
    service: 'jsonl-test',
    clock,
    redact: { keys: ['password'] },
    onError: (error) => void errors.push(error),
  })
  return { clock, telemetry }
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ft-jsonl-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('JSONL exporter', () => {
  it('records every event with redaction applied (keys and built-in patterns)', async () => {
    const { telemetry } = setup()
    const out = captureStream()
    const jsonl = createJsonlExporter({ telemetry, stream: out.stream })
    telemetry.execute(
      'foundation.registry.register',
      { count: 1 },
      {
        agent_id: 'a-1',
        password: 'hunter2',
        note: 'mail me at someone@example.com',
      },
    )
    await jsonl.forceFlush()
    const [record] = out.records()
    expect(record).toMatchObject({
      type: 'event',
      time: '2026-01-01T00:00:00.000Z',
      name: 'foundation.registry.register',
      measurements: { count: 1 },
      metadata: { agent_id: 'a-1', password: '[REDACTED]' },
    })
    expect(JSON.stringify(record)).not.toContain('hunter2')
    expect(JSON.stringify(record)).not.toContain('someone@example.com')
    await jsonl.shutdown()
  })

  it("bounds a flush on a stream that never drains with the telemetry's clock, counting every stall", async () => {
    const { clock, telemetry } = setup()
    // Accepts one chunk, then signals back-pressure forever: no 'drain' ever comes.
    const stuck = new Writable({ highWaterMark: 1, write: () => {} })
    const jsonl = createJsonlExporter({ telemetry, stream: stuck })
    telemetry.execute('foundation.registry.register', { count: 1 }, {})
    telemetry.execute('foundation.registry.register', { count: 2 }, {})
    const first = jsonl.forceFlush()
    clock.advance(30_000)
    await first
    const reports = () => errors.filter((e) => e.message.includes('JSONL output failed')).length
    expect(reports()).toBe(1)
    expect(jsonl.health.totals().failed).toBe(1)
    const second = jsonl.forceFlush()
    clock.advance(30_000)
    await second
    expect(jsonl.health.totals().failed).toBe(2)
    // One report per run of failures: the hook is not flooded while the output stays broken.
    expect(reports()).toBe(1)
  })

  it('drops lines over maxLineBytes counted in UTF-8 bytes, not characters', async () => {
    const { telemetry } = setup()
    const out = captureStream()
    const jsonl = createJsonlExporter({
      telemetry,
      stream: out.stream,
      events: ['demo.small', 'demo.large'],
      maxLineBytes: 400,
    })
    // 150 characters but 450 bytes: the whole line stays well under 400 characters.
    telemetry.execute('demo.large', {}, { note: '€'.repeat(150) })
    telemetry.execute('demo.small', {}, { note: 'short' })
    await jsonl.forceFlush()
    expect(out.records().map((record) => record.name)).toEqual(['demo.small'])
    expect(errors.map((error) => error.code)).toContain('data_dropped')
    await jsonl.shutdown()
  })

  it('records spans with trace structure, and metrics on demand', async () => {
    const { telemetry, clock } = setup()
    const out = captureStream()
    const jsonl = createJsonlExporter({ telemetry, stream: out.stream, events: false })
    telemetry.addSpanProcessor(jsonl.spanProcessor)
    telemetry.span('agent.plan', { password: 'x' }, () => {
      telemetry.span('llm.call', {}, () => clock.advance(7))
    })
    telemetry.metrics.counter('agent.tasks', { unit: '{task}' }).add(3, { kind: 'plan' })
    await jsonl.exportMetrics()
    const records = out.records()
    const spans = records.filter((r) => r.type === 'span')
    expect(spans.map((s) => s.name)).toEqual(['llm.call', 'agent.plan'])
    expect(spans[0]?.parent_span_id).toBe(spans[1]?.span_id)
    expect(spans[0]?.trace_id).toBe(spans[1]?.trace_id)
    expect(spans[0]?.duration_ms).toBe(7)
    expect(spans[1]?.service).toBe('jsonl-test')
    const metric = records.find((r) => r.type === 'metric' && r.name === 'agent.tasks')
    expect(metric).toMatchObject({ kind: 'counter', unit: '{task}', temporality: 'cumulative' })
    expect(metric?.series[0]).toMatchObject({ tags: { kind: 'plan' }, value: 3 })
    await jsonl.shutdown()
  })

  it('attaches to a list of events only', async () => {
    const { telemetry } = setup()
    const out = captureStream()
    const jsonl = createJsonlExporter({ telemetry, stream: out.stream, events: ['a.one', 'b.*'] })
    telemetry.execute('a.one', {}, {})
    telemetry.execute('a.two', {}, {})
    telemetry.execute('b.three', {}, {})
    await jsonl.forceFlush()
    expect(out.records().map((r) => r.name)).toEqual(['a.one', 'b.three'])
    await jsonl.shutdown()
    expect(telemetry.listHandlers()).toEqual([])
  })

  it('rotates by size, keeping at most maxFiles files of at most maxBytes', async () => {
    const { telemetry } = setup()
    const path = join(dir, 'telemetry.jsonl')
    const jsonl = createJsonlExporter({ telemetry, path, maxBytes: 1000, maxFiles: 3 })
    for (let i = 0; i < 100; i++) telemetry.execute('loop.tick', { i }, {})
    await jsonl.shutdown()
    expect(readdirSync(dir).sort()).toEqual(['telemetry.jsonl', 'telemetry.jsonl.1', 'telemetry.jsonl.2'])
    const files = [`${path}.2`, `${path}.1`, path]
    const ticks: number[] = []
    for (const file of files) {
      expect(statSync(file).size).toBeLessThanOrEqual(1000)
      for (const line of readFileSync(file, 'utf8').trim().split('\n'))
        ticks.push(JSON.parse(line).measurements.i)
    }
    // The newest lines survive, in order, with nothing lost between the kept files.
    expect(ticks.at(-1)).toBe(99)
    expect(ticks).toEqual(Array.from({ length: ticks.length }, (_, k) => 100 - ticks.length + k))
    expect(existsSync(`${path}.3`)).toBe(false)
  })

  it('drops and counts lines beyond the buffer while the stream is backed up; delivers the rest', async () => {
    const { telemetry } = setup()
    const out = captureStream(1)
    out.hold()
    const jsonl = createJsonlExporter({
      telemetry,
      stream: out.stream,
      maxBufferBytes: 1500,
      events: 'load.*',
    })
    for (let i = 0; i < 50; i++) telemetry.execute('load.tick', { i }, {})
    const { dropped } = jsonl.health.totals()
    expect(dropped).toBeGreaterThan(0)
    expect(errors.filter((error) => error.code === 'data_dropped')).toHaveLength(1)
    const flushed = jsonl.forceFlush()
    out.release()
    await flushed
    expect(out.records().length + dropped).toBe(50)
    await jsonl.shutdown()
  })

  it('survives circular metadata, a failing stream and use after shutdown without throwing', async () => {
    const { telemetry } = setup()
    const broken = new Writable({
      write(_chunk, _encoding, callback) {
        callback(new Error('disk full'))
      },
    })
    const jsonl = createJsonlExporter({ telemetry, stream: broken })
    const circular: Record<string, unknown> = { name: 'loop' }
    circular.self = circular
    expect(() => telemetry.execute('weird.metadata', {}, { circular, big: 10n })).not.toThrow()
    await jsonl.forceFlush()
    expect(() => telemetry.execute('after.failure', {}, {})).not.toThrow()
    await jsonl.shutdown()
    expect(() => jsonl.spanProcessor.onEnd({} as never)).not.toThrow()
    expect(errors.some((error) => error.code === 'export_failure')).toBe(true)
  })
})
