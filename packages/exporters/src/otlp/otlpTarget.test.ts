import { describe, expect, it } from 'vitest'
import { resolveOtlpTarget } from './otlpTarget.ts'

describe('resolveOtlpTarget', () => {
  it('takes the signal option first, then the base option, then the signal variable, then the general one', () => {
    const env = {
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://general:4318',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://traces-env/custom',
    }
    expect(resolveOtlpTarget('traces', { tracesEndpoint: 'http://mine/t' }, env).url).toBe('http://mine/t')
    expect(resolveOtlpTarget('traces', { endpoint: 'http://base:4318' }, env).url).toBe(
      'http://base:4318/v1/traces',
    )
    expect(resolveOtlpTarget('traces', {}, env).url).toBe('http://traces-env/custom')
    expect(resolveOtlpTarget('metrics', {}, env).url).toBe('http://general:4318/v1/metrics')
    expect(resolveOtlpTarget('logs', {}, {}).url).toBe('http://localhost:4318/v1/logs')
  })

  it('sends protobuf uncompressed with a 10 s timeout unless told otherwise', () => {
    const target = resolveOtlpTarget('traces', {}, {})
    expect(target).toMatchObject({ json: false, gzip: false, timeout: 10_000 })
    expect(target.headers['Content-Type']).toBe('application/x-protobuf')
    expect(target.headers['Content-Encoding']).toBeUndefined()
  })

  it('lets the options win over the variables for protocol, compression, headers and timeout', () => {
    const fromOptions = resolveOtlpTarget(
      'metrics',
      { protocol: 'http/protobuf', compression: 'none', headers: { 'x-key': 'option' }, timeout: 100 },
      {
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip',
        OTEL_EXPORTER_OTLP_HEADERS: 'x-team=infra,x-key=env',
        OTEL_EXPORTER_OTLP_TIMEOUT: '2500',
      },
    )
    expect(fromOptions).toMatchObject({ json: false, gzip: false, timeout: 100 })
    expect(fromOptions.headers).toMatchObject({ 'x-team': 'infra', 'x-key': 'option' })
    expect(fromOptions.headers['Content-Encoding']).toBeUndefined()
  })

  it('takes protocol and compression from the variables when no option is given', () => {
    const target = resolveOtlpTarget(
      'logs',
      {},
      { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip' },
    )
    expect(target).toMatchObject({ json: true, gzip: true })
    expect(target.headers).toMatchObject({ 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' })
  })
})
