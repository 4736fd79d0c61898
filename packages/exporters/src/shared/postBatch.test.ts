import { describe, expect, it } from 'vitest'
import { fakeTelemetry, useReceiver } from '../../test/otlpSupport.ts'
import { createExporterHealth } from './exporterHealth.ts'
import { type BatchPosterOptions, createBatchPoster } from './postBatch.ts'
import { retryPolicy } from './retry.ts'

const SECRET = 'tok-0123456789abcdef'

const receiver = useReceiver()

function poster(overrides: Partial<BatchPosterOptions> = {}) {
  const telemetry = fakeTelemetry()
  const health = createExporterHealth(undefined, 'influx')
  const batch = createBatchPoster({
    telemetry,
    context: { health, clock: telemetry.clock, policy: retryPolicy({ maxAttempts: 1 }) },
    exporter: 'influx',
    label: 'Influx',
    action: 'write',
    itemsKey: 'lines',
    url: `${receiver().url}/write`,
    headers: { 'Content-Type': 'text/plain', Authorization: `Token ${SECRET}` },
    secret: SECRET,
    request: { compress: false, timeout: 5_000, exportTimeout: 5_000 },
    ...overrides,
  })
  return { telemetry, health, batch }
}

describe('createBatchPoster', () => {
  it('posts items in batches of at most the given size, in order', async () => {
    const { health, batch } = poster()
    await batch.postAll(['a', 'b', 'c', 'd', 'e'], 2, (lines) => lines.join(','))
    expect(receiver().requests.map((request) => request.body.toString())).toEqual(['a,b', 'c,d', 'e'])
    expect(health.totals().exported).toBe(5)
  })

  it('posts the body with the given headers and counts the items exported', async () => {
    const { health, batch } = poster()
    await batch.post('a value=1\nb value=2\n', 2)
    expect(receiver().requests[0]?.body.toString()).toBe('a value=1\nb value=2\n')
    expect(receiver().requests[0]?.headers['content-encoding']).toBeUndefined()
    expect(health.totals()).toEqual({ exported: 2, dropped: 0, failed: 0 })
  })

  it('gzips the body by default and says so in Content-Encoding', async () => {
    const { batch } = poster({ request: {} })
    await batch.post('{"series":[]}', 0)
    expect(receiver().requests[0]?.headers['content-encoding']).toBe('gzip')
    // The receiver gunzips what says it is gzip: the body reading back proves it was.
    expect(receiver().requests[0]?.body.toString()).toBe('{"series":[]}')
  })

  it('counts a failed batch and reports it without the secret, even when the server echoes it', async () => {
    receiver().respond({ status: 400, body: `bad token ${SECRET}` })
    const { telemetry, health, batch } = poster()
    await batch.post('a value=1\n', 1)
    expect(health.totals().failed).toBe(1)
    expect(telemetry.errors).toHaveLength(1)
    expect(telemetry.errors[0]?.message).toMatch(/^Influx write failed: /)
    expect(telemetry.errors[0]?.details).toMatchObject({ exporter: 'influx', lines: 1, status: 400 })
    expect(JSON.stringify([telemetry.errors[0]?.message, telemetry.errors[0]?.details])).not.toContain(SECRET)
  })
})
