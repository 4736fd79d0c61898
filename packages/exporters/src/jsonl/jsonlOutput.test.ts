import { Writable } from 'node:stream'
import { createManualClock, type TelemetryError } from '@foundation-telemetry/core'
import { describe, expect, it } from 'vitest'
import { captureStream } from '../../test/captureStream.ts'
import { createDropReporter } from '../shared/dropReporter.ts'
import { createExporterHealth } from '../shared/exporterHealth.ts'
import { createJsonlOutput } from './jsonlOutput.ts'

function output(stream: Writable, maxLineBytes = 1000) {
  const errors: TelemetryError[] = []
  const telemetry = { reportError: (error: unknown) => void errors.push(error as TelemetryError) }
  const health = createExporterHealth(undefined, 'jsonl')
  const out = createJsonlOutput({
    stream,
    maxBytes: 0,
    maxFiles: 1,
    maxLineBytes,
    clock: createManualClock(),
    telemetry,
    health,
    drops: createDropReporter(telemetry, health, 'jsonl', 'JSONL lines'),
    exporter: 'jsonl',
  })
  return { out, errors, health }
}

describe('createJsonlOutput', () => {
  it('writes each record as one JSON line and counts it exported', async () => {
    const capture = captureStream()
    const { out, health } = output(capture.stream)
    out.write({ type: 'event', name: 'a' }, 'events')
    out.write({ type: 'event', name: 'b' }, 'events')
    await out.flush()
    expect(capture.records().map((record) => record.name)).toEqual(['a', 'b'])
    expect(health.totals().exported).toBe(2)
  })

  it('drops a line longer than the limit in UTF-8 bytes, and every line after close', async () => {
    const capture = captureStream()
    const { out, health } = output(capture.stream, 40)
    out.write({ text: 'é'.repeat(15) }, 'events')
    expect(health.totals().dropped).toBe(1)
    out.write({ text: 'short' }, 'events')
    await out.close()
    out.write({ text: 'late' }, 'events')
    expect(health.totals().dropped).toBe(2)
    expect(capture.records()).toEqual([{ text: 'short' }])
  })

  it('counts every failed write and reports one per outage', async () => {
    const failing = new Writable({ write: (_chunk, _encoding, done) => done(new Error('disk full')) })
    failing.on('error', () => {})
    const { out, errors, health } = output(failing)
    out.write({ n: 1 }, 'events')
    await out.flush()
    out.write({ n: 2 }, 'events')
    await out.flush()
    expect(health.totals().failed).toBeGreaterThanOrEqual(1)
    expect(errors.filter((error) => error.message === 'JSONL output failed')).toHaveLength(1)
  })
})
