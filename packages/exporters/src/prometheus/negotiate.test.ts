import { describe, expect, it } from 'vitest'
import { negotiateFormat } from './negotiate.ts'

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
