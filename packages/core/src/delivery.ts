import type { Attachment } from './attachment.ts'
import type { EnrichEvent } from './enrichment.ts'
import { invalidInput, type TelemetryError } from './errors.ts'
import type { Deliver } from './eventHandle.ts'
import type { HandlerCaller } from './handlerCall.ts'
import type { Measurements, Metadata } from './types.ts'

/** What {@link createDelivery} composes. */
export interface DeliveryOptions {
  caller: HandlerCaller
  /** The instance's enricher, run for events that have a handler taking enriched metadata. */
  enrich: EnrichEvent
  report: (error: TelemetryError) => void
}

/**
 * Everything `execute` does once it knows there are handlers: validate both arguments (a missing
 * one reads as `{}`, a non-object is reported first), enrich (when `enriches`: a handler takes
 * enriched metadata), dispatch. Kept small, with the error
 * path in a function of its own: V8 inlines by bytecode size, and a body that fits lets the whole
 * path (handle -> deliver -> dispatch -> handler) inline into the caller's loop.
 */
export function createDelivery(options: DeliveryOptions): Deliver {
  const { caller, enrich, report } = options

  const notAnObject = (event: string, what: 'measurements' | 'metadata', value: unknown) => {
    if (value !== undefined) {
      report(
        invalidInput(`${event}: ${what} must be an object`, {
          api: 'execute',
          event_name: event,
        }),
      )
    }
    return {} as Record<string, never>
  }

  return (handlers: readonly Attachment[], event, measurements, metadata, enriches) => {
    const m =
      typeof measurements === 'object' && measurements !== null
        ? measurements
        : notAnObject(event, 'measurements', measurements)
    const given =
      typeof metadata === 'object' && metadata !== null ? metadata : notAnObject(event, 'metadata', metadata)
    // Enriched once for every handler that takes it, and not at all when none does.
    const md: Metadata | undefined = enriches ? enrich(event, given) : given
    if (md !== undefined) caller.dispatch(handlers, event, m as Measurements, given, md)
  }
}
