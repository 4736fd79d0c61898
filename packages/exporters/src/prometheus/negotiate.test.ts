import { describe, expect, it } from 'vitest'
import { acceptsGzip, negotiateFormat } from './negotiate.ts'

describe('negotiateFormat', () => {
  it('picks OpenMetrics for the Accept header Prometheus 2.42 sends', () => {
    const prometheus =
      'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,' +
      'text/plain;version=0.0.4;q=0.5,*/*;q=0.1'
    expect(negotiateFormat(prometheus)).toBe('openmetrics')
    expect(negotiateFormat('application/openmetrics-text')).toBe('openmetrics')
  })

  it('falls back to text without a header, for browsers and curl, and when text is preferred', () => {
    expect(negotiateFormat(undefined)).toBe('text')
    expect(negotiateFormat('*/*')).toBe('text')
    expect(negotiateFormat('text/html,application/xhtml+xml,*/*;q=0.8')).toBe('text')
    expect(negotiateFormat('application/openmetrics-text;q=0.2,text/plain;q=0.9')).toBe('text')
  })

  it('does not answer OpenMetrics to a version we do not write, or one refused with q=0', () => {
    expect(negotiateFormat('application/openmetrics-text;version=0.0.1')).toBe('text')
    expect(negotiateFormat('application/openmetrics-text;version=1.0.0;q=0, text/plain')).toBe('text')
  })
})

describe('acceptsGzip', () => {
  it('honours q-values: gzip;q=0 and *;q=0 refuse, any q above 0 accepts', () => {
    expect(acceptsGzip('gzip')).toBe(true)
    expect(acceptsGzip('gzip, deflate, br')).toBe(true)
    expect(acceptsGzip('gzip;q=0.5')).toBe(true)
    expect(acceptsGzip('br, *')).toBe(true)
    expect(acceptsGzip('gzip;q=0')).toBe(false)
    expect(acceptsGzip('gzip; q=0.000')).toBe(false)
    expect(acceptsGzip('*;q=0')).toBe(false)
    expect(acceptsGzip('gzip;q=0, *')).toBe(false)
    expect(acceptsGzip('identity')).toBe(false)
    expect(acceptsGzip('xgzip, gzipper')).toBe(false)
    expect(acceptsGzip(undefined)).toBe(false)
  })
})
