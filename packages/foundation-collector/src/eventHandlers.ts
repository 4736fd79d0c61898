/**
 * The collector's own work per event, in one handler per event name. Everything an event needs
 * is decided once per event name, in its plan (`eventPlan.ts`); one handler from
 * `createEventRecorder` (`eventRecorder.ts`) takes every event, with its plan as the config.
 */
import type { Telemetry } from '@foundation-telemetry/core'
import { eventRoles, handledEvents, planFor } from './eventPlan.ts'
import { createEventRecorder, type RecorderBooks } from './eventRecorder.ts'
import type { FieldCheck } from './inputCheck.ts'

export type { OwnMetrics } from './eventRecorder.ts'

/** What the handlers feed. */
export interface Books extends RecorderBooks {
  /** Fields to check per event name; null when input is not checked. */
  checks: ReadonlyMap<string, readonly FieldCheck[]> | null
}

/**
 * Attach the collector's handlers to `t`, one per event name any of its books needs. Returns a
 * function that detaches them.
 */
export function attachEventHandlers(t: Telemetry, id: string, books: Books): () => void {
  const roles = eventRoles()
  const handler = createEventRecorder(books)
  const detachers: Array<() => void> = []
  for (const event of handledEvents(roles, books.checks)) {
    const plan = planFor(event, roles, books.checks?.get(event) ?? [], books.metrics)
    // The handler reads no key enrichment adds: it takes the caller's metadata as given, so an
    // event whose other handlers do not read enrichment either is not enriched at all.
    detachers.push(t.attach(`${id}:${event}`, event, handler, plan, { durable: true, enrich: false }))
  }
  return () => {
    for (const detach of detachers) detach()
  }
}
