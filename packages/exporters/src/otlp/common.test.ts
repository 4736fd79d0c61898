import { describe, expect, it } from 'vitest'
import { decodeOtlp } from '../../test/otlpProtoSupport.ts'
import { beginResourceGroup, beginScopeGroup, jsonResource, jsonScope } from './common.ts'
import { encodeProto } from './protobufWriter.ts'

const METRICS_REQUEST = 'opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest'

describe('the OTLP request envelope', () => {
  it('writes resource and scope groups the official protos read back', () => {
    const bytes = encodeProto((sink) => {
      beginResourceGroup(sink, { 'service.name': 'planner', 'host.cores': 8 })
      beginScopeGroup(sink, { name: 'first', version: '1.2.0' })
      sink.end()
      beginScopeGroup(sink, { name: 'second' })
      sink.end()
      sink.end()
    })
    const [group] = decodeOtlp(METRICS_REQUEST, bytes).resourceMetrics
    expect(group.resource.attributes).toMatchObject([
      { key: 'service.name', value: { stringValue: 'planner' } },
      { key: 'host.cores', value: { intValue: '8' } },
    ])
    // Decoding fills defaults: the scope without a version reads back with the empty one.
    expect(group.scopeMetrics.map((scoped: { scope: unknown }) => scoped.scope)).toMatchObject([
      { name: 'first', version: '1.2.0' },
      { name: 'second', version: '' },
    ])
  })

  it('spells a resource and a scope in OTLP/JSON, with no version when the scope has none', () => {
    expect(jsonResource({ 'service.name': 'planner' })).toEqual({
      attributes: [{ key: 'service.name', value: { stringValue: 'planner' } }],
      droppedAttributesCount: 0,
    })
    expect(jsonScope({ name: 'first', version: '1.2.0' })).toEqual({ name: 'first', version: '1.2.0' })
    expect(jsonScope({ name: 'second', version: '' })).toEqual({ name: 'second' })
  })
})
