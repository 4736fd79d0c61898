/**
 * Correlation IDs over HTTP: read from an incoming request (`X-Correlation-ID`, else the
 * `correlation_id` member of W3C `baggage`), and written on outgoing requests as both.
 */
import {
  acceptCorrelationId,
  CORRELATION_BAGGAGE_KEY,
  CORRELATION_HEADER,
  correlationFromBaggage,
  currentCorrelationId,
  withCorrelationBaggage,
} from '../correlation.ts'

/** The correlation ID an incoming request carries, if it carries a usable one. */
export function incomingCorrelationId(header: (name: string) => string | undefined): string | undefined {
  return acceptCorrelationId(header(CORRELATION_HEADER)) ?? correlationFromBaggage(header('baggage'))
}

/**
 * The headers to write on an outgoing request for the current correlation ID: none without one,
 * and none the request already carries. `baggage` is the whole merged value when `replace` (a
 * header that is set), or only the new member (a header that is added next to the existing one).
 */
export function outgoingCorrelationHeaders(
  header: (name: string) => string | undefined,
  replace: boolean,
): Array<[name: string, value: string]> {
  const id = currentCorrelationId()
  if (id === undefined) return []
  const out: Array<[string, string]> = []
  if (header(CORRELATION_HEADER) === undefined) out.push([CORRELATION_HEADER, id])
  const baggage = header('baggage')
  if (correlationFromBaggage(baggage) === undefined) {
    out.push([
      'baggage',
      replace ? withCorrelationBaggage(baggage, id) : `${CORRELATION_BAGGAGE_KEY}=${encodeURIComponent(id)}`,
    ])
  }
  return out
}
