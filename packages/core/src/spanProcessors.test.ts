import { describe, expect, it } from 'vitest'
import type { TelemetryError } from './errors.ts'
import { createManualClock } from './manualClock.ts'
import type { SpanPipeline } from './span.ts'
import { createSpanProcessors } from './spanProcessors.ts'
import type { SpanProcessor } from './types.ts'

function setup() {
  const errors: TelemetryError[] = []
  const pipeline: SpanPipeline = {
    clock: createManualClock(),
    resource: {},
    processors: [],
    report: (e) => errors.push(e),
  }
  return { pipeline, errors, processors: createSpanProcessors(pipeline, pipeline.report) }
}

const processor = (overrides: Partial<SpanProcessor> = {}): SpanProcessor => ({
  onStart() {},
  onEnd() {},
  async forceFlush() {},
  async shutdown() {},
  ...overrides,
})

describe('span processors', () => {
  it('registration replaces the list (a span holding the old one keeps it) and the returned function removes it', () => {
    const { pipeline, processors } = setup()
    const before = pipeline.processors
    const remove = processors.addSpanProcessor(processor())
    expect(pipeline.processors).toHaveLength(1)
    expect(before).toHaveLength(0)
    expect(processors.recordsSpans()).toBe(true)
    remove()
    expect(pipeline.processors).toHaveLength(0)
    expect(processors.recordsSpans()).toBe(false)
  })

  it('a processor without onStart and onEnd is reported, not registered', () => {
    const { pipeline, processors, errors } = setup()
    processors.addSpanProcessor({ onEnd() {} } as unknown as SpanProcessor)
    expect(pipeline.processors).toHaveLength(0)
    expect(errors.map((e) => e.message)).toEqual(['addSpanProcessor: a processor needs onStart and onEnd'])
  })

  it('a processor that fails to flush or shut down is reported, the others still run, and shutdown empties the list', async () => {
    const { pipeline, processors, errors } = setup()
    const calls: string[] = []
    processors.addSpanProcessor(processor({ forceFlush: () => Promise.reject(new Error('flush broke')) }))
    processors.addSpanProcessor(
      processor({
        forceFlush: async () => void calls.push('flush'),
        shutdown: async () => void calls.push('shutdown'),
      }),
    )
    await processors.forceFlush()
    await processors.shutdown()
    expect(calls).toEqual(['flush', 'shutdown'])
    expect(errors.map((e) => e.message)).toEqual(['span processor failed in forceFlush: flush broke'])
    expect(pipeline.processors).toHaveLength(0)
  })
})
