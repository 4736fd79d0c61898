import type { MetricSnapshot, TelemetryError } from '@foundation-telemetry/core'
import { describe, expect, it } from 'vitest'
import { createExporterHealth } from '../shared/exporterHealth.ts'
import {
  createNameCache,
  type LineRecorderOptions,
  MAX_CACHED_STATSD_NAMES,
  StatsdLineRecorder,
} from './lineRecorder.ts'
import type { PacketRefusal } from './packetBuffer.ts'

const PASS_THROUGH = { name: (n: string) => n, tags: <TTags>(t: TTags) => t }

function setup(options: Partial<LineRecorderOptions> = {}, refuse?: PacketRefusal) {
  const lines: string[] = []
  const errors: TelemetryError[] = []
  const health = createExporterHealth(undefined, 'statsd')
  const recorder = new StatsdLineRecorder({
    dialect: 'dogstatsd',
    prefix: '',
    globalTags: undefined,
    redaction: PASS_THROUGH,
    random: () => 0.5,
    buffer: {
      add: (line) => {
        if (refuse !== undefined) return refuse
        lines.push(line)
        return undefined
      },
    },
    health,
    telemetry: { reportError: (error) => void errors.push(error as TelemetryError) },
    exporter: 'statsd',
    ...options,
  })
  return { recorder, lines, errors, health }
}

describe('StatsdLineRecorder', () => {
  it('writes one line per call, prefixed, with the global tags before its own', () => {
    const { recorder, lines } = setup({ prefix: 'app.', globalTags: { env: 'prod' } })
    recorder.record('orders', 2, 'c', { region: 'eu' }, 1)
    recorder.record('queue', 5, 'g', undefined, 1)
    expect(lines).toEqual(['app.orders:2|c|#env:prod,region:eu', 'app.queue:5|g|#env:prod'])
  })

  it('redacts names and tags before they are written', () => {
    const { recorder, lines } = setup({
      redaction: { name: (n) => n.replace('secret', 'x'), tags: () => ({ user: '[REDACTED]' }) as never },
    })
    recorder.record('secret.calls', 1, 'c', { user: 'alice@example.com' }, 1)
    expect(lines).toEqual(['x.calls:1|c|#user:[REDACTED]'])
  })

  it('samples the sampled types only: a draw at or above the rate sends nothing, gauges always go', () => {
    const { recorder, lines } = setup({ random: () => 0.5 })
    recorder.record('hit', 1, 'c', undefined, 0.6)
    recorder.record('miss', 1, 'c', undefined, 0.5)
    recorder.record('level', 3, 'g', undefined, 0.1)
    expect(lines).toEqual(['hit:1|c|@0.6', 'level:3|g'])
  })

  it('counts invalid lines, refused lines and lines after close as drops, reporting once per interval', () => {
    const { recorder, health, errors } = setup()
    recorder.record('', 1, 'c', undefined, 1)
    recorder.record('nan', Number.NaN, 'g', undefined, 1)
    recorder.close()
    recorder.record('late', 1, 'c', undefined, 1)
    expect(recorder.isClosed).toBe(true)
    expect(health.totals().dropped).toBe(3)
    expect(errors.map((e) => e.message)).toEqual(['StatsD lines dropped (invalid)'])
    recorder.newInterval()
    recorder.record('later', 1, 'c', undefined, 1)
    expect(errors.map((e) => e.message)).toEqual([
      'StatsD lines dropped (invalid)',
      'StatsD lines dropped (shutdown)',
    ])
  })

  it("counts a line the buffer refuses under the buffer's reason", () => {
    const { recorder, health, errors } = setup({}, 'queue_full')
    recorder.record('orders', 1, 'c', undefined, 1)
    expect(health.totals().dropped).toBe(1)
    expect(errors[0]?.details).toMatchObject({ reason: 'queue_full' })
  })

  it('reports a line that throws while being formatted instead of throwing', () => {
    const { recorder, errors } = setup({
      redaction: {
        ...PASS_THROUGH,
        name: () => {
          throw new Error('redactor failed')
        },
      },
    })
    expect(() => recorder.record('orders', 1, 'c', undefined, 1)).not.toThrow()
    expect(errors.map((e) => e.message)).toEqual(['StatsD line could not be formatted'])
  })

  it('writes a snapshot as lines: moved counts as c, levels as g, an unmoved counter not at all', () => {
    const { recorder, lines } = setup()
    const snapshot = (name: string, kind: 'counter' | 'gauge', value: number): MetricSnapshot => ({
      name,
      kind,
      unit: '1',
      description: '',
      temporality: 'delta',
      monotonic: kind === 'counter',
      series: [{ tags: { k: 'v' }, startTime: 0, time: 0, value }],
    })
    recorder.writeSnapshot(snapshot('orders', 'counter', 3))
    recorder.writeSnapshot(snapshot('idle', 'counter', 0))
    recorder.writeSnapshot(snapshot('depth', 'gauge', 0))
    expect(lines).toEqual(['orders:3|c|#k:v', 'depth:0|g|#k:v'])
  })
})

/** A pass-through name redaction that counts its calls. */
function countingRedaction() {
  const redaction = {
    calls: 0,
    name: (name: string) => {
      redaction.calls++
      return name
    },
  }
  return redaction
}

describe('createNameCache', () => {
  it('prefixes, redacts and sanitises each name once', () => {
    const redaction = countingRedaction()
    const names = createNameCache('app.', redaction)
    expect(names.get('a b')).toBe('app.a_b')
    expect(names.get('a b')).toBe('app.a_b')
    expect(redaction.calls).toBe(1)
  })

  it('starts over at its bound, and still answers every name', () => {
    const redaction = countingRedaction()
    const names = createNameCache('', redaction)
    for (let i = 0; i < MAX_CACHED_STATSD_NAMES; i++) names.get(`m${i}`)
    names.get('extra')
    names.get('extra')
    expect(names.get('extra')).toBe('extra')
    expect(redaction.calls).toBe(MAX_CACHED_STATSD_NAMES + 1)
    expect(names.get('m0')).toBe('m0')
    expect(redaction.calls).toBe(MAX_CACHED_STATSD_NAMES + 2)
  })
})
