import { describe, expect, it } from 'vitest'
import { parseKeyValueList, readOtlpEnv, readResourceEnv, readTemporalityPreference } from './otelEnv.ts'

describe('OTEL_* environment', () => {
  it('parses key=value lists with percent-decoding and skips malformed entries', () => {
    expect(parseKeyValueList(' a=1 , b = two%20words,=x,novalue, c=%E2%9C%93 ')).toEqual({
      a: '1',
      b: 'two words',
      c: '✓',
    })
    expect(parseKeyValueList(undefined)).toEqual({})
  })

  it('appends /v1/<signal> to the base endpoint but uses per-signal endpoints as is', () => {
    const env = {
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/',
      OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'http://other:9090/ingest',
      OTEL_EXPORTER_OTLP_TIMEOUT: '2500',
      OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: 'x',
      OTEL_EXPORTER_OTLP_COMPRESSION: 'GZIP',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
    }
    expect(readOtlpEnv('traces', env)).toMatchObject({
      endpoint: 'http://collector:4318/v1/traces',
      compression: 'gzip',
      protocol: undefined,
    })
    expect(readOtlpEnv('metrics', env)).toMatchObject({ endpoint: 'http://other:9090/ingest', timeout: 2500 })
    expect(readOtlpEnv('traces', {}).endpoint).toBeUndefined()
  })

  it('treats an empty per-signal variable as unset and falls back to the general one', () => {
    const env = {
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: '',
      OTEL_EXPORTER_OTLP_TIMEOUT: '2500',
      OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: ' ',
      OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip',
      OTEL_EXPORTER_OTLP_TRACES_COMPRESSION: '',
    }
    expect(readOtlpEnv('traces', env)).toMatchObject({
      protocol: 'http/json',
      timeout: 2500,
      compression: 'gzip',
    })
  })

  it('reads the temporality preference and resource attributes, service name winning', () => {
    expect(readTemporalityPreference({ OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'Delta' })).toBe(
      'delta',
    )
    expect(
      readTemporalityPreference({ OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'lowmemory' }),
    ).toBe('delta')
    expect(readTemporalityPreference({})).toBeUndefined()
    expect(
      readResourceEnv({
        OTEL_RESOURCE_ATTRIBUTES: 'service.name=a,team=core',
        OTEL_SERVICE_NAME: 'checkout',
      }),
    ).toEqual({ 'service.name': 'checkout', team: 'core' })
  })
})
