import type { TelemetryError } from '@foundation-telemetry/core'
import { createManualClock } from '@foundation-telemetry/core'
import { describe, expect, it } from 'vitest'
import { createExporterHealth } from '../shared/exporterHealth.ts'
import { createOtlpSignalQueue } from './otlpSignalQueue.ts'
import { resolveOtlpTarget } from './otlpTarget.ts'

describe('createOtlpSignalQueue', () => {
  it('counts every overflow, reports one per episode, and reports again once the queue has drained', async () => {
    const errors: TelemetryError[] = []
    const health = createExporterHealth(undefined, 'otlp')
    const delivered: number[] = []
    const queue = createOtlpSignalQueue<number>({
      signal: 'traces',
      target: resolveOtlpTarget('traces', {}, {}),
      batch: { maxQueueSize: 2, maxExportBatchSize: 2 },
      clock: createManualClock(),
      telemetry: { reportError: (error) => void errors.push(error as TelemetryError) },
      health,
      deliver: async (_signal, _target, items) => void delivered.push(items),
      encode: () => new Uint8Array(0),
      exporter: 'otlp',
    })
    const overflow = () => {
      for (let i = 0; i < 5; i++) queue.add(i)
    }
    overflow()
    expect(health.totals().dropped).toBeGreaterThan(0)
    expect(errors.map((error) => error.message)).toEqual(['OTLP span queue is full'])
    await queue.flush()
    overflow()
    expect(errors.map((error) => error.message)).toEqual([
      'OTLP span queue is full',
      'OTLP span queue is full',
    ])
    await queue.flush()
    expect(delivered.reduce((a, b) => a + b, 0)).toBe(5 * 2 - health.totals().dropped)
  })
})
