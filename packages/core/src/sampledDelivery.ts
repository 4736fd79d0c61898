import { wantsEnrichment } from './attachment.ts'
import type { Attachment } from './bus.ts'
import { describeError } from './errorDetails.ts'
import { handlerFailure, invalidInput, type TelemetryError } from './errors.ts'
import type { EventSampler, Measurements, Metadata, Telemetry, TelemetryOptions } from './types.ts'

/**
 * Sampled delivery: handlers attached with `sampled: true` receive only the events the event
 * sampler keeps, with the adjusted count (1/p) as the `adjusted_count` measurement.
 *
 * The sampled handlers of one event are folded, when the bus resolves the event's handler list,
 * into one group entry placed where the first of them was attached. The group asks the sampler
 * once per event and calls its members with one shared copy of the measurements. Dispatch itself
 * is untouched: an event without sampled handlers never meets this code, and the cost of a list
 * that has them is one extra entry.
 */
export interface SampledDelivery {
  /** Fold the sampled attachments of a resolved handler list into one group entry. */
  group(list: Attachment[]): Attachment[]
  /** Call the sampled handlers in `handlers` (a resolved list) with `adjustedCount`. */
  deliver(
    handlers: readonly Attachment[],
    event: string,
    measurements: Measurements,
    metadata: Metadata,
    adjustedCount: number,
  ): void
}

type Call = (a: Attachment, event: string, measurements: Measurements, metadata: Metadata) => void

const NO_SET: ReadonlySet<string> = new Set()

/** The entry standing for the sampled attachments of one handler list. */
interface SampledGroup extends Attachment {
  readonly members: readonly Attachment[]
}

function isGroup(a: Attachment): a is SampledGroup {
  return (a as Partial<SampledGroup>).members !== undefined
}

/** Build sampled delivery around `sampler` (undefined: keep every event, adjusted count 1). */
export function createSampledDelivery(
  sampler: EventSampler | undefined,
  call: Call,
  report: (error: TelemetryError) => void,
): SampledDelivery {
  const callMembers = (
    members: readonly Attachment[],
    event: string,
    measurements: Measurements,
    metadata: Metadata,
    adjustedCount: number,
  ) => {
    const weighted = { ...measurements, adjusted_count: adjustedCount }
    for (let i = 0; i < members.length; i++) call(members[i] as Attachment, event, weighted, metadata)
  }

  const decide = (event: string, measurements: Measurements, metadata: Metadata): number => {
    if (sampler === undefined) return 1
    try {
      const count = sampler.sampleEvent(event, measurements, metadata)
      return typeof count === 'number' && count >= 1 ? count : 0
    } catch (error) {
      report(
        handlerFailure(
          `event sampler failed on ${event}: ${describeError(error).message}`,
          { handler_id: 'event_sampler', event_name: event, error },
          { cause: error },
        ),
      )
      return 0
    }
  }

  return {
    group(list) {
      const members = list.filter((a) => a.sampled)
      if (members.length === 0) return list
      const first = list.indexOf(members[0] as Attachment)
      const group: SampledGroup = {
        id: `sampled:${members.map((m) => m.id).join(',')}`,
        events: [],
        exact: NO_SET,
        prefixes: [],
        handler: (event, measurements, metadata) => {
          const count = decide(event, measurements, metadata)
          if (count > 0) callMembers(members, event, measurements, metadata, count)
        },
        config: undefined,
        durable: true,
        sampled: false,
        // One metadata object serves the whole group: enriched when any member takes it.
        enrich: wantsEnrichment(members),
        failures: 0,
        members,
      }
      const out = list.filter((a) => !a.sampled)
      out.splice(first, 0, group)
      return out
    },

    deliver(handlers, event, measurements, metadata, adjustedCount) {
      for (const a of handlers)
        if (isGroup(a)) callMembers(a.members, event, measurements, metadata, adjustedCount)
    },
  }
}

function isEventSampler(value: unknown): value is EventSampler {
  return (
    typeof value === 'object' && value !== null && typeof (value as EventSampler).sampleEvent === 'function'
  )
}

/** The instance's event sampler: `eventSampler`, else the trace sampler's `events`; bad values reported. */
export function resolveEventSampler(
  options: TelemetryOptions,
  report: (error: TelemetryError) => void,
): EventSampler | undefined {
  const given = options.eventSampler ?? readEvents(options.sampler)
  if (given === undefined || isEventSampler(given)) return given
  report(
    invalidInput('createTelemetry: eventSampler needs sampleEvent(); sampled handlers receive every event', {
      api: 'createTelemetry',
    }),
  )
  return undefined
}

function readEvents(sampler: unknown): unknown {
  return typeof sampler === 'object' && sampler !== null
    ? (sampler as { events?: unknown }).events
    : undefined
}

/** Tell the sampler about the instance (once); returns what to call on shutdown. */
export function connectEventSampler(
  sampler: EventSampler | undefined,
  telemetry: Telemetry,
  delivery: SampledDelivery,
  handlersOf: (event: string) => readonly Attachment[] | undefined,
  report: (error: TelemetryError) => void,
): () => void {
  if (sampler === undefined || typeof sampler.connect !== 'function') return () => {}
  const failed = (phase: string, error: unknown) =>
    report(
      handlerFailure(
        `event sampler failed in ${phase}: ${describeError(error).message}`,
        { handler_id: 'event_sampler', error },
        { cause: error },
      ),
    )
  try {
    const disconnect = sampler.connect({
      telemetry,
      deliverSampled(event, measurements, metadata, adjustedCount) {
        const handlers = handlersOf(event)
        if (handlers !== undefined && handlers.length > 0)
          delivery.deliver(handlers, event, measurements, metadata, adjustedCount)
      },
    })
    return () => {
      try {
        if (typeof disconnect === 'function') disconnect()
      } catch (error) {
        failed('disconnect', error)
      }
    }
  } catch (error) {
    failed('connect', error)
    return () => {}
  }
}
