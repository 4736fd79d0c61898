/**
 * Correlation IDs: one ID per unit of work (an incoming request, a job), kept in the async
 * context so every event, log record and outgoing call made for that work carries it, through
 * `await`, timers and emitters. The store lives on `globalThis`, shared by the ESM and CJS builds.
 */
import { AsyncLocalStorage } from 'node:async_hooks'

const STORE_KEY = Symbol.for('foundation-telemetry.correlation')
const registry = globalThis as Record<symbol, { store: AsyncLocalStorage<string>; used: boolean } | undefined>
const shared = registry[STORE_KEY] ?? { store: new AsyncLocalStorage<string>(), used: false }
registry[STORE_KEY] = shared

/** The metadata key and log attribute that carry the correlation ID. */
export const CORRELATION_KEY = 'correlation_id'
/** The HTTP header that carries it between processes. */
export const CORRELATION_HEADER = 'x-correlation-id'

/**
 * The correlation ID of the current async context, if any. Costs nothing until an ID was first
 * set in this process: enrichment reads it on every handled event.
 */
export function currentCorrelationId(): string | undefined {
  return shared.used ? shared.store.getStore() : undefined
}

/** Run `fn` with `id` as the correlation ID of everything it does, synchronously or later. */
export function withCorrelationId<TResult>(id: string, fn: () => TResult): TResult {
  shared.used = true
  return shared.store.run(id, fn)
}

/**
 * Make `id` the correlation ID of the rest of the current execution and everything it starts:
 * for instrumentation that sees the start of a unit of work but does not call its code (an
 * incoming request's handler runs right after the `diagnostics_channel` message).
 */
export function enterCorrelationId(id: string): void {
  shared.used = true
  shared.store.enterWith(id)
}

/** The W3C `baggage` member that carries the correlation ID between processes. */
export const CORRELATION_BAGGAGE_KEY = 'correlation_id'

/** A `baggage` header value with `correlation_id=<id>` added to (or replacing it in) `existing`. */
export function withCorrelationBaggage(existing: string | undefined, id: string): string {
  const members = (existing ?? '')
    .split(',')
    .map((m) => m.trim())
    .filter((m) => m !== '' && m.split('=')[0]?.trim() !== CORRELATION_BAGGAGE_KEY)
  members.push(`${CORRELATION_BAGGAGE_KEY}=${encodeURIComponent(id)}`)
  return members.join(',')
}

/** The correlation ID a `baggage` header carries, if any (and if acceptable). */
export function correlationFromBaggage(baggage: string | undefined): string | undefined {
  if (typeof baggage !== 'string') return undefined
  for (const member of baggage.split(',')) {
    const [key, value] = member.split(';')[0]?.split('=') ?? []
    if (key?.trim() === CORRELATION_BAGGAGE_KEY && value !== undefined) {
      try {
        return acceptCorrelationId(decodeURIComponent(value.trim()))
      } catch {
        return undefined
      }
    }
  }
  return undefined
}

/** A new correlation ID: 32 lower-case hex characters from the crypto random source. */
export function newCorrelationId(): string {
  return crypto.randomUUID().replace(/-/g, '')
}

/**
 * A correlation ID from an incoming header value, when it is usable: 1 to 128 visible ASCII
 * characters without separators a log line or header could be forged with.
 */
export function acceptCorrelationId(value: unknown): string | undefined {
  try {
    return acceptCorrelationIdUnguarded(value)
  } catch {
    // Not the data this helper takes (or data whose fields throw): a neutral result, never an exception.
    return undefined
  }
}

function acceptCorrelationIdUnguarded(value: unknown): string | undefined {
  const text = Array.isArray(value) ? value[0] : value
  return typeof text === 'string' && /^[A-Za-z0-9._:@/+=-]{1,128}$/.test(text) ? text : undefined
}
