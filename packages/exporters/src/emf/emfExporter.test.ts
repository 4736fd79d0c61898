import { describe, expect, it } from 'vitest'
import { createExportRedaction } from '../shared/exportRedaction.ts'
import { emfNamespace, putValue, writeGroups } from './emfExporter.ts'
import { createEmfValueBuffer, type EmfValueBuffer } from './emfValueBuffer.ts'

const passThrough = createExportRedaction({}, false)

describe('emfNamespace', () => {
  it('takes the option, else AWS_EMF_NAMESPACE, else the service name, else FoundationTelemetry', () => {
    const telemetry = { resource: { 'service.name': 'checkout' } }
    const env = { AWS_EMF_NAMESPACE: 'FromEnv' }
    expect(emfNamespace('Given', env, telemetry)).toBe('Given')
    expect(emfNamespace(undefined, env, telemetry)).toBe('FromEnv')
    expect(emfNamespace(undefined, {}, telemetry)).toBe('checkout')
    expect(emfNamespace(undefined, {}, { resource: { 'service.name': 42 } })).toBe('FoundationTelemetry')
    expect(emfNamespace(undefined, {}, undefined)).toBe('FoundationTelemetry')
  })
})

describe('putValue', () => {
  it('holds a value under its redacted name and dimensions, in its CloudWatch unit', () => {
    const values = createEmfValueBuffer({ maxValues: 10 })
    const redaction = {
      name: (name: string) => `r.${name}`,
      tags: <TTags>(_tags: TTags) => ({ region: 'hidden' }) as TTags,
    }
    expect(putValue(values, redaction, 'latency', 12, { unit: 'ms', dimensions: { region: 'eu' } })).toBe(
      undefined,
    )
    const [group] = [...values.drain()]
    expect(group?.dimensions).toEqual({ region: 'hidden' })
    expect(group?.metrics.get('r.latency')).toEqual({ unit: 'Milliseconds', values: [12] })
  })

  it('refuses names and values that are not a name and a number as invalid', () => {
    const values = createEmfValueBuffer({ maxValues: 10 })
    expect(putValue(values, passThrough, '', 1, undefined)).toBe('invalid')
    expect(putValue(values, passThrough, 7 as unknown as string, 1, undefined)).toBe('invalid')
    expect(putValue(values, passThrough, 'x', '1' as unknown as number, undefined)).toBe('invalid')
    expect(putValue(values, passThrough, 'x', Number.NaN, undefined)).toBe('invalid')
  })

  it('refuses a value once the buffer is full, leaving no dimension set behind', () => {
    const values = createEmfValueBuffer({ maxValues: 1 })
    expect(putValue(values, passThrough, 'a', 1, { dimensions: { k: 'kept' } })).toBe(undefined)
    expect(putValue(values, passThrough, 'a', 2, { dimensions: { k: 'other' } })).toBe('queue_full')
    expect([...values.drain()].map((group) => group.dimensions)).toEqual([{ k: 'kept' }])
  })
})

/** What `writeGroups` makes of the buffer's groups: the lines written and the drops counted. */
function writeAll(values: EmfValueBuffer, timestamp: number) {
  const written: string[] = []
  const drops: Array<[number, string]> = []
  writeGroups(
    values.drain(),
    { namespace: 'Agents', timestamp },
    { write: (line) => written.push(line) > 0 },
    (count, reason) => drops.push([count, reason]),
  )
  return { written, drops }
}

describe('writeGroups', () => {
  it('writes one EMF line per group with its namespace, timestamp, dimensions and values', () => {
    const values = createEmfValueBuffer({ maxValues: 10 })
    values.add(values.group({ region: 'eu' }), 'latency', 'Milliseconds', 5)
    values.add(values.group({ region: 'us' }), 'latency', 'Milliseconds', 7)
    const { written, drops } = writeAll(values, 1234)
    expect(drops).toEqual([])
    const events = written.map((line) => JSON.parse(line) as Record<string, unknown>)
    expect(events.map((event) => [event.region, event.latency])).toEqual([
      ['eu', 5],
      ['us', 7],
    ])
    const aws = events[0]?._aws as { Timestamp: number; CloudWatchMetrics: Array<{ Namespace: string }> }
    expect(aws.Timestamp).toBe(1234)
    expect(aws.CloudWatchMetrics[0]?.Namespace).toBe('Agents')
  })

  it('counts lines over the EMF size limit as dropped (oversized) instead of writing them', () => {
    const values = createEmfValueBuffer({ maxValues: 10, properties: { blob: 'x'.repeat(1_100_000) } })
    values.add(values.group({}), 'latency', 'Milliseconds', 5)
    expect(writeAll(values, 1)).toEqual({ written: [], drops: [[1, 'oversized']] })
  })
})
