import { describe, expect, it } from 'vitest'
import { makeSpan } from '../../test/otlpSupport.ts'
import { encodeTracesProto, toJsonTraceRequest } from './traceEncoding.ts'

const scopes = (request: ReturnType<typeof toJsonTraceRequest>) =>
  request.resourceSpans.flatMap((resource) =>
    resource.scopeSpans.map((scoped) => ({ scope: scoped.scope, spans: scoped.spans.map((s) => s.name) })),
  )

describe('trace encoding groups spans by scope', () => {
  it('groups equal scopes held in different objects, in first-seen order', () => {
    const spans = [
      makeSpan(0, { instrumentationScope: { name: 'a', version: '1' } }),
      makeSpan(1, { instrumentationScope: { name: 'b' } }),
      makeSpan(2, { instrumentationScope: { name: 'a', version: '1' } }),
      makeSpan(3, { instrumentationScope: { name: 'b' } }),
    ]
    expect(scopes(toJsonTraceRequest(spans))).toEqual([
      { scope: { name: 'a', version: '1' }, spans: ['work.0', 'work.2'] },
      { scope: { name: 'b' }, spans: ['work.1', 'work.3'] },
    ])
  })

  it('encodes interleaved scopes exactly as the same spans already grouped', () => {
    const a = { name: 'a', version: '1' }
    const b = { name: 'b' }
    const spans = [0, 1, 2, 3, 4].map((i) => makeSpan(i, { instrumentationScope: i % 2 === 0 ? a : b }))
    const grouped = [spans[0], spans[2], spans[4], spans[1], spans[3]].map((span) => span!)
    expect(Buffer.from(encodeTracesProto(spans))).toEqual(Buffer.from(encodeTracesProto(grouped)))
  })

  it('keeps scopes apart whose name and version only concatenate alike', () => {
    const spans = [
      makeSpan(0, { instrumentationScope: { name: 'a@', version: 'b' } }),
      makeSpan(1, { instrumentationScope: { name: 'a', version: '@b' } }),
    ]
    expect(scopes(toJsonTraceRequest(spans))).toEqual([
      { scope: { name: 'a@', version: 'b' }, spans: ['work.0'] },
      { scope: { name: 'a', version: '@b' }, spans: ['work.1'] },
    ])
  })
})
