import { describe, expect, it } from 'vitest'
import { recordEndedSpans } from '../../test/spans.ts'
import { createTelemetry } from '../telemetry.ts'
import { SpanStatusCode } from '../types.ts'
import { CLIENT_ERROR_FROM, SERVER_ERROR_FROM, setResponseStatus } from './responseStatus.ts'
import { ERROR_TYPE, HTTP_RESPONSE_STATUS_CODE } from './semconv.ts'

/** The ended span after `setResponseStatus(span, status, errorFrom)`, and what it returned. */
function ended(status: number, errorFrom: number) {
  const t = createTelemetry({ env: {} })
  const spans = recordEndedSpans(t)
  const span = t.startSpan('GET')
  const errorType = setResponseStatus(span, status, errorFrom)
  span.end()
  return { errorType, span: spans[0] }
}

describe('setResponseStatus', () => {
  it('a status below the first failing code sets only the status code attribute', () => {
    const { errorType, span } = ended(404, SERVER_ERROR_FROM)
    expect(errorType).toBeUndefined()
    expect(span?.attributes[HTTP_RESPONSE_STATUS_CODE]).toBe(404)
    expect(span?.attributes[ERROR_TYPE]).toBeUndefined()
    expect(span?.status.code).not.toBe(SpanStatusCode.ERROR)
  })

  it('a failing status sets error.type to the code and an ERROR status, and returns the error type', () => {
    const { errorType, span } = ended(404, CLIENT_ERROR_FROM)
    expect(errorType).toBe('404')
    expect(span?.attributes[HTTP_RESPONSE_STATUS_CODE]).toBe(404)
    expect(span?.attributes[ERROR_TYPE]).toBe('404')
    expect(span?.status.code).toBe(SpanStatusCode.ERROR)
  })

  it('servers fail from 500 and clients from 400', () => {
    expect(ended(499, SERVER_ERROR_FROM).errorType).toBeUndefined()
    expect(ended(500, SERVER_ERROR_FROM).errorType).toBe('500')
    expect(ended(399, CLIENT_ERROR_FROM).errorType).toBeUndefined()
    expect(ended(400, CLIENT_ERROR_FROM).errorType).toBe('400')
  })
})
