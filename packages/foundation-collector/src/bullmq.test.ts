import { createTelemetry } from '@foundation-telemetry/core'
import { describe, expect, it } from 'vitest'
import { bullmqTelemetry } from './bullmq.ts'

describe('bullmqTelemetry contextManager', () => {
  it('runs in a context and reads the active one as its span', () => {
    const t = createTelemetry({ env: {} })
    const { contextManager } = bullmqTelemetry(t)
    const span = t.startSpan('job')
    expect(contextManager.with({ span }, () => contextManager.active().span)).toBe(span)
    expect(contextManager.active().span).toBeUndefined()
  })

  it("carries a span's trace in a job's metadata and reads it back, keeping the active span without one", () => {
    const t = createTelemetry({ env: {} })
    const { contextManager } = bullmqTelemetry(t)
    const producer = t.startSpan('add')
    const metadata = contextManager.getMetadata({ span: producer })
    const consumer = contextManager.fromMetadata({ span: undefined }, metadata)
    expect(consumer.message).toBe(metadata)
    expect((consumer.span as { traceId?: string } | undefined)?.traceId).toBe(producer.spanContext().traceId)
    const active = t.startSpan('active')
    expect(contextManager.fromMetadata({ span: active }, '').span).toBe(active)
  })
})
