import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import type { MetricSnapshot } from '@foundation-telemetry/core'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createEmfExporter, toEmfUnit } from '../src/cloudwatch-emf.ts'
import { exporterHealthMetricNames as names } from '../src/shared/exporterHealth.ts'
import { captureStream } from './captureStream.ts'
import { validateEmfLine } from './emfValidator.ts'
import { durationHistogram, series, snapshot } from './metricSnapshots.ts'
import { type FakeTelemetry, fakeTelemetry } from './otlpSupport.ts'

// biome-ignore lint/suspicious/noExplicitAny: parsed EMF events are navigated freely; the validator checks their shape
const parse = (line: string) => JSON.parse(line) as Record<string, any>

let telemetry: FakeTelemetry
let dir: string
beforeEach(() => {
  telemetry = fakeTelemetry({ 'service.name': 'emf-service' })
  dir = mkdtempSync(join(tmpdir(), 'ft-emf-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

function counters(count: number, tags: Record<string, string>): MetricSnapshot[] {
  return Array.from({ length: count }, (_, i) =>
    snapshot({
      name: `agent.metric_${i}`,
      kind: 'counter',
      unit: '{call}',
      series: [series(tags, { time: 1, value: i })],
    }),
  )
}

describe('CloudWatch EMF exporter', () => {
  it('splits 250 metrics into directives of at most 100, every line valid EMF', async () => {
    const out = captureStream()
    telemetry.snapshots = counters(250, { region: 'eu', agent: 'planner' })
    const emf = createEmfExporter({ telemetry, stream: out.stream, interval: 0 })
    await emf.forceFlush()
    const lines = out.lines()
    expect(lines).toHaveLength(3)
    for (const line of lines) expect(validateEmfLine(line)).toEqual([])
    expect(lines.map((line) => parse(line)._aws.CloudWatchMetrics[0].Metrics.length)).toEqual([100, 100, 50])
    const first = parse(lines[0] as string)
    expect(first._aws.CloudWatchMetrics[0]).toMatchObject({
      Namespace: 'emf-service',
      Dimensions: [['agent', 'region']],
    })
    expect(first._aws.Timestamp).toBe(telemetry.clock.now())
    expect(first).toMatchObject({ region: 'eu', agent: 'planner', 'agent.metric_7': 7 })
    expect(first._aws.CloudWatchMetrics[0].Metrics[0]).toEqual({ Name: 'agent.metric_0', Unit: 'Count' })
    const all = lines.flatMap((line) =>
      parse(line)._aws.CloudWatchMetrics[0].Metrics.map((m: { Name: string }) => m.Name),
    )
    expect(new Set(all).size).toBe(250)
    expect(telemetry.collectCalls[0]).toEqual({ temporality: 'delta', reader: 'emf' })
  })

  it('keeps at most 30 dimension keys per set; the rest become properties', async () => {
    const out = captureStream()
    const tags = Object.fromEntries(
      Array.from({ length: 40 }, (_, i) => [`k${String(i).padStart(2, '0')}`, `v${i}`]),
    )
    telemetry.snapshots = counters(1, tags)
    const emf = createEmfExporter({ telemetry, stream: out.stream, interval: 0 })
    await emf.forceFlush()
    const [line] = out.lines()
    expect(validateEmfLine(line as string)).toEqual([])
    const event = parse(line as string)
    expect(event._aws.CloudWatchMetrics[0].Dimensions[0]).toHaveLength(30)
    expect(event.k39).toBe('v39')
  })

  it('sends put() values as arrays of at most 100 numbers', async () => {
    const out = captureStream()
    const emf = createEmfExporter({ stream: out.stream, interval: 0, namespace: 'Agents' })
    for (let i = 0; i < 250; i++) emf.put('llm.latency', i, { unit: 'ms', dimensions: { model: 'small' } })
    emf.put('llm.tokens', 12, { dimensions: { model: 'small' } })
    await emf.forceFlush()
    const lines = out.lines()
    for (const line of lines) expect(validateEmfLine(line)).toEqual([])
    const values = lines.map((line) => parse(line)['llm.latency'])
    expect(values.map((v) => v.length)).toEqual([100, 100, 50])
    expect(values.flat()).toEqual(Array.from({ length: 250 }, (_, i) => i))
    expect(parse(lines[0] as string)['llm.tokens']).toBe(12)
    expect(parse(lines[0] as string)._aws.CloudWatchMetrics[0].Metrics).toContainEqual({
      Name: 'llm.latency',
      Unit: 'Milliseconds',
    })
  })

  it('keeps nothing for put() values dropped because the buffer is full, whatever their dimensions', async () => {
    const out = captureStream()
    const emf = createEmfExporter({ telemetry, stream: out.stream, interval: 0, maxBufferedValues: 1 })
    emf.put('kept', 1, { dimensions: { id: 'first' } })
    // Each distinct dimension set would become a group held until the next flush; count how many
    // map entries the dropped puts create.
    const set = vi.spyOn(Map.prototype, 'set')
    for (let i = 0; i < 1000; i++) emf.put('dropped', i, { dimensions: { id: `request-${i}` } })
    const entries = set.mock.calls.length
    set.mockRestore()
    expect(entries).toBeLessThan(100)
    expect(telemetry.counted(names.dropped, { reason: 'queue_full' })).toBe(1000)
    await emf.forceFlush()
    expect(out.lines().map((line) => parse(line).id)).toEqual(['first'])
  })

  it("bounds a flush on a stream that never drains with the telemetry's clock", async () => {
    // Accepts one chunk, then signals back-pressure forever: no 'drain' ever comes.
    const stuck = new Writable({ highWaterMark: 1, write: () => {} })
    telemetry.snapshots = counters(3, { region: 'eu' })
    const emf = createEmfExporter({ telemetry, stream: stuck, interval: 0 })
    const flushed = emf.forceFlush()
    telemetry.clock.advance(30_000)
    await flushed
    expect(telemetry.errors.some((e) => e.message.includes('EMF output failed'))).toBe(true)
    expect(emf.health.totals().failed).toBeGreaterThan(0)
  })

  it('maps units', () => {
    expect(['ms', 'By', '1', 's', '%', '{request}', 'USD'].map(toEmfUnit)).toEqual([
      'Milliseconds',
      'Bytes',
      'None',
      'Seconds',
      'Percent',
      'Count',
      'None',
    ])
  })

  it('exports histograms as count/sum/min/max and renames metrics that collide with a dimension', async () => {
    const out = captureStream()
    telemetry.snapshots = [
      durationHistogram(
        'dspex.program.duration',
        { bounds: [1], counts: [0, 2], sum: 9, count: 2, min: 4, max: 5 },
        { time: 1 },
      ),
      { ...counters(1, { state: 'open' })[0], name: 'state' } as MetricSnapshot,
    ]
    const emf = createEmfExporter({ telemetry, stream: out.stream, interval: 0 })
    await emf.forceFlush()
    const events = out.lines().map((line) => {
      expect(validateEmfLine(line)).toEqual([])
      return parse(line)
    })
    expect(events[0]).toMatchObject({
      'dspex.program.duration.count': 2,
      'dspex.program.duration.sum': 9,
      'dspex.program.duration.min': 4,
      'dspex.program.duration.max': 5,
    })
    expect(events[1]).toMatchObject({ state: 'open', state_value: 0 })
  })

  it('writes to a file on the interval and on shutdown', async () => {
    const path = join(dir, 'metrics.log')
    telemetry.snapshots = counters(2, { a: 'b' })
    const emf = createEmfExporter({ telemetry, path, interval: 60_000 })
    telemetry.clock.advance(60_000)
    await emf.shutdown()
    const lines = readFileSync(path, 'utf8').trim().split('\n')
    expect(lines).toHaveLength(2)
    for (const line of lines) expect(validateEmfLine(line)).toEqual([])
    expect(telemetry.clock.pendingTimers()).toBe(0)
  })

  it('under backpressure queues up to maxBufferBytes, counts drops, and delivers the rest after drain', async () => {
    const out = captureStream(1)
    out.hold()
    const emf = createEmfExporter({ telemetry, stream: out.stream, interval: 0, maxBufferBytes: 2000 })
    for (let round = 0; round < 20; round++) {
      emf.put('x', round, { dimensions: { round: String(round) } })
      void emf.forceFlush()
    }
    const dropped = telemetry.counted(names.dropped, { reason: 'queue_full' })
    expect(dropped).toBeGreaterThan(0)
    const flushed = emf.forceFlush()
    out.release()
    await flushed
    expect(out.lines().length + dropped).toBe(20)
    for (const line of out.lines()) expect(validateEmfLine(line)).toEqual([])
  })

  it('the validator rejects what EMF forbids', () => {
    const ok = {
      _aws: {
        Timestamp: 1,
        CloudWatchMetrics: [{ Namespace: 'n', Dimensions: [['d']], Metrics: [{ Name: 'm' }] }],
      },
      d: 'x',
      m: 1,
    }
    expect(validateEmfLine(JSON.stringify(ok))).toEqual([])
    const many = { ...ok, m: Array.from({ length: 101 }, () => 1) }
    expect(validateEmfLine(JSON.stringify(many))).toEqual(['metric m has 101 values (max 100)'])
    const dims = Array.from({ length: 31 }, (_, i) => `d${i}`)
    const wide = {
      ...Object.fromEntries(dims.map((d) => [d, 'v'])),
      _aws: { ...ok._aws, CloudWatchMetrics: [{ ...ok._aws.CloudWatchMetrics[0], Dimensions: [dims] }] },
      m: 1,
    }
    expect(validateEmfLine(JSON.stringify(wide))).toEqual(['dimension set has 31 keys (max 30)'])
    expect(validateEmfLine(JSON.stringify({ ...ok, d: 5 }))).toEqual(['dimension d has no string value'])
    expect(validateEmfLine(JSON.stringify({ ...ok, m: 'fast' }))).toEqual(['metric m has no numeric value'])
  })
})
