/**
 * The response status on an HTTP span, the step server and client spans share: the status code
 * attribute, and from the first failing code on, `error.type` and an ERROR span status. Servers
 * fail from 500 (a 4xx is the caller's mistake), clients from 400 (semantic conventions).
 */
import { type Span, SpanStatusCode } from '../types.ts'
import { ERROR_TYPE, HTTP_RESPONSE_STATUS_CODE } from './semconv.ts'

/** The first status code a SERVER span counts as failed. */
export const SERVER_ERROR_FROM = 500
/** The first status code a CLIENT span counts as failed. */
export const CLIENT_ERROR_FROM = 400

/** Sets `status` on `span`, failing it from `errorFrom` on; returns the `error.type` it set, if any. */
export function setResponseStatus(span: Span, status: number, errorFrom: number): string | undefined {
  span.setAttribute(HTTP_RESPONSE_STATUS_CODE, status)
  if (status < errorFrom) return undefined
  const errorType = String(status)
  span.setAttribute(ERROR_TYPE, errorType)
  span.setStatus({ code: SpanStatusCode.ERROR })
  return errorType
}
