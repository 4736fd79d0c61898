import { describe, expect, it } from 'vitest'
import { createTelemetry } from './telemetry.ts'
import { addTraceIds } from './traceIds.ts'
import type { Span } from './types.ts'

describe('addTraceIds', () => {
  it("adds a root span's trace and span id, and a child's parent id too", () => {
    const t = createTelemetry({ env: {} })
    const root = t.startSpan('root')
    const child = t.startSpan('child', { parent: root })
    const { traceId, spanId } = root.spanContext()
    const meta = { key: 'v' }
    expect(addTraceIds(meta, root)).toBe(meta)
    expect(meta).toEqual({ key: 'v', trace_id: traceId, span_id: spanId })
    expect(addTraceIds({}, child)).toEqual({
      trace_id: traceId,
      span_id: child.spanContext().spanId,
      parent_span_id: spanId,
    })
  })

  it('leaves the metadata as it is when the span cannot be read', () => {
    const hostile = {
      spanContext(): never {
        throw new Error('gone')
      },
    } as unknown as Span
    expect(addTraceIds({ key: 'v' }, hostile)).toEqual({ key: 'v' })
    expect(addTraceIds({}, undefined as never)).toEqual({})
  })
})
