import { describe, expect, it } from 'vitest'
import { fakeTelemetry, useReceiver } from '../../test/otlpSupport.ts'
import { createExporterHealth } from '../shared/exporterHealth.ts'
import { retryPolicy } from '../shared/retry.ts'
import { createOtlpDelivery } from './otlpDelivery.ts'
import { resolveOtlpTarget } from './otlpTarget.ts'

const receiver = useReceiver()

function delivery() {
  const telemetry = fakeTelemetry()
  const health = createExporterHealth(undefined, 'otlp')
  const deliver = createOtlpDelivery({
    telemetry,
    health,
    clock: telemetry.clock,
    policy: retryPolicy({ maxAttempts: 1 }),
    exportTimeout: 5_000,
    exporter: 'otlp',
  })
  const target = resolveOtlpTarget('traces', { endpoint: receiver().url, protocol: 'http/json' }, {})
  return { telemetry, health, deliver, target }
}

describe('createOtlpDelivery', () => {
  it('posts the encoded batch and counts its items exported', async () => {
    const { health, deliver, target } = delivery()
    await deliver('traces', target, 3, () => Buffer.from('{"resourceSpans":[]}'))
    expect(receiver().requests[0]?.path).toBe('/v1/traces')
    expect(receiver().requests[0]?.body.toString()).toBe('{"resourceSpans":[]}')
    expect(health.totals()).toEqual({ exported: 3, dropped: 0, failed: 0 })
  })

  it('drops a batch that cannot be encoded, sending nothing', async () => {
    const { telemetry, health, deliver, target } = delivery()
    await deliver('traces', target, 2, () => {
      throw new Error('bad span')
    })
    expect(receiver().requests).toHaveLength(0)
    expect(health.totals().dropped).toBe(2)
    expect(telemetry.errors.map((error) => error.code)).toEqual(['data_dropped'])
  })

  it('counts the items a partial success rejected as dropped and reports the receiver message', async () => {
    receiver().respond({
      status: 200,
      body: JSON.stringify({ partialSuccess: { rejectedSpans: '1', errorMessage: 'span too old' } }),
    })
    const { telemetry, health, deliver, target } = delivery()
    await deliver('traces', target, 4, () => Buffer.from('{}'))
    expect(health.totals()).toEqual({ exported: 3, dropped: 1, failed: 0 })
    expect(telemetry.errors[0]?.details).toMatchObject({ rejected: 1, receiver_message: 'span too old' })
  })

  it('counts a batch the receiver refused as failed', async () => {
    receiver().respond({ status: 400 })
    const { telemetry, health, deliver, target } = delivery()
    await deliver('traces', target, 2, () => Buffer.from('{}'))
    expect(health.totals().failed).toBe(2)
    expect(telemetry.errors[0]?.message).toMatch(/^OTLP traces export failed/)
  })
})
