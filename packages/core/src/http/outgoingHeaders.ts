/**
 * The headers instrumentation writes on an outgoing request, the step `node:http` and `fetch`
 * client spans share: `traceparent`/`tracestate` for the span (unless the request brings its own
 * or propagation is off) and the correlation headers (unless correlation is off). A header that
 * cannot be written is reported, never thrown into the request.
 */
import type { Span } from '../types.ts'
import { outgoingCorrelationHeaders } from './correlationHeaders.ts'
import type { HttpInstrumentationContext } from './options.ts'

/** How one kind of request reads and writes its headers. */
export interface OutgoingHeaderAccess {
  /** Reads a header the request carries (lower-case name). */
  header(name: string): string | undefined
  /** Writes a header on the request. */
  set(name: string, value: string): unknown
  /** Whether `set` replaces a header (`setHeader`) rather than adding one next to it (`addHeader`). */
  replaces: boolean
}

/**
 * Writes the trace and correlation headers for `span` on a request. `where` names the request
 * kind in reports (`http client`, `fetch`); `given` is the `traceparent` the request already carries.
 */
export function writeOutgoingHeaders(
  context: HttpInstrumentationContext,
  where: string,
  span: Span,
  given: string | undefined,
  access: OutgoingHeaderAccess,
): void {
  const { telemetry, options } = context
  if (given === undefined && options.propagate !== false) {
    try {
      telemetry.inject({ set: access.set, get: () => undefined }, span)
    } catch (error) {
      // Headers given as an array are already stored: the request goes out without them.
      context.fail(`${where}: traceparent could not be written`, error)
    }
  }
  if (options.correlation !== false) {
    try {
      for (const [name, value] of outgoingCorrelationHeaders(access.header, access.replaces)) {
        access.set(name, value)
      }
    } catch (error) {
      context.fail(`${where}: the correlation ID could not be written`, error)
    }
  }
}
