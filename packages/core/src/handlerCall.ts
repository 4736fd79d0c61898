import type { Attachment } from './attachment.ts'
import { handlerFailure, type TelemetryError } from './errors.ts'
import { catchRejection, isThenable } from './thenable.ts'
import type { Measurements, Metadata } from './types.ts'

/** Calls attached handlers with each failure isolated. */
export interface HandlerCaller {
  /**
   * Calls one handler; a failure (a throw, or a rejection of a promise the handler returns) is
   * isolated, reported, and detaches a non-durable handler.
   */
  call(a: Attachment, event: string, measurements: Measurements, metadata: Metadata): void
  /**
   * {@link HandlerCaller.call} for each handler, in order: a handler that takes enriched metadata
   * gets `enriched`, the others the caller's `metadata` as given.
   */
  dispatch(
    handlers: readonly Attachment[],
    event: string,
    measurements: Measurements,
    metadata: Metadata,
    enriched: Metadata,
  ): void
}

/**
 * Create the caller of one bus: failures are counted on the attachment, reported through `report`,
 * and a non-durable handler that failed is handed to `detach`.
 */
export function createHandlerCaller(
  report: (error: TelemetryError) => void,
  detach: (a: Attachment) => void,
): HandlerCaller {
  const fail = (a: Attachment, event: string, error: unknown) => {
    a.failures++
    if (!a.durable) detach(a)
    report(
      handlerFailure(
        `handler ${a.id} failed on ${event}${a.durable ? '' : ' and was detached'}`,
        { handler_id: a.id, event_name: event, error, durable: a.durable },
        { cause: error },
      ),
    )
  }

  // Outside `call`, so the closure it creates costs nothing to handlers that return nothing.
  const watch = (result: PromiseLike<unknown>, a: Attachment, event: string) => {
    catchRejection(result, (error) => fail(a, event, error))
  }

  const caller: HandlerCaller = {
    call(a, event, measurements, metadata) {
      try {
        const result: unknown = a.handler(event, measurements, metadata, a.config)
        // An async handler's rejection would otherwise be unhandled, which ends the host
        // process; sync handlers pay one `undefined` compare.
        if (result !== undefined && isThenable(result)) watch(result, a, event)
      } catch (error) {
        fail(a, event, error)
      }
    },

    dispatch(handlers, event, measurements, metadata, enriched) {
      for (let i = 0; i < handlers.length; i++) {
        const a = handlers[i] as Attachment
        caller.call(a, event, measurements, a.enrich ? enriched : metadata)
      }
    },
  }
  return caller
}
