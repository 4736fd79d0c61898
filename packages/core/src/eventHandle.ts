import type { EventMeasurements, EventMetadata } from '@foundation-telemetry/taxonomy'
import type { Attachment, Bus } from './bus.ts'
import { TelemetryError, TelemetryErrorCode } from './errors.ts'
import type { Measurements, Metadata, TelemetryEvent } from './types.ts'

/** Validates, enriches and dispatches one event to resolved handlers (the tail of `execute`). */
export type Deliver = (
  handlers: readonly Attachment[],
  event: string,
  measurements: Measurements | undefined,
  metadata: Metadata | undefined,
) => void

const EMPTY: readonly Attachment[] = Object.freeze([])

/**
 * A pre-resolved event: it keeps the handler list with the bus generation it was resolved at,
 * and looks it up again only when a handler was attached or detached since. With no handler,
 * `execute` is a generation compare and a length check.
 */
class EventHandle<TName extends string> implements TelemetryEvent<TName> {
  readonly name: TName
  private readonly bus: Bus
  private readonly deliver: Deliver
  private generation = -1
  private handlers: readonly Attachment[] = EMPTY

  constructor(name: TName, bus: Bus, deliver: Deliver) {
    this.name = name
    this.bus = bus
    this.deliver = deliver
  }

  execute(measurements?: EventMeasurements<TName>, metadata?: EventMetadata<TName>): void {
    if (this.generation !== this.bus.generation) this.refresh()
    const handlers = this.handlers
    if (handlers.length === 0) return
    this.deliver(
      handlers,
      this.name,
      measurements as Measurements | undefined,
      metadata as Metadata | undefined,
    )
  }

  hasHandlers(): boolean {
    if (this.generation !== this.bus.generation) this.refresh()
    return this.handlers.length > 0
  }

  private refresh(): void {
    // Read the generation first: a lookup never attaches or detaches, so the pair is consistent.
    const generation = this.bus.generation
    this.handlers = this.bus.handlersFor(this.name) ?? EMPTY
    this.generation = generation
  }
}

/** The handle of an invalid name: its first `execute` reports the name, then it does nothing. */
class InvalidEventHandle<TName extends string> implements TelemetryEvent<TName> {
  readonly name: TName
  private report: ((error: TelemetryError) => void) | undefined

  constructor(name: TName, report: (error: TelemetryError) => void) {
    this.name = name
    this.report = report
  }

  execute(): void {
    const report = this.report
    if (report === undefined) return
    this.report = undefined
    report(
      new TelemetryError(TelemetryErrorCode.INVALID_INPUT, 'event name must be a non-empty string', {
        api: 'event',
        event_name: this.name,
      }),
    )
  }

  hasHandlers(): boolean {
    return false
  }
}

// Handles are kept per name so repeated `t.event(name)` calls share one; past this many names the
// map starts over, so names built at run time cannot grow memory without bound.
const MAX_HANDLES = 4096

/** Build `t.event(name)` for one instance. */
export function createEventHandles(
  bus: Bus,
  deliver: Deliver,
  report: (error: TelemetryError) => void,
): <TName extends string>(name: TName) => TelemetryEvent<TName> {
  let handles = new Map<string, TelemetryEvent<string>>()
  return <TName extends string>(name: TName): TelemetryEvent<TName> => {
    if (typeof name !== 'string' || name === '') return new InvalidEventHandle(name, report)
    let handle = handles.get(name)
    if (handle === undefined) {
      handle = new EventHandle(name, bus, deliver)
      if (handles.size >= MAX_HANDLES) handles = new Map()
      handles.set(name, handle)
    }
    return handle as TelemetryEvent<TName>
  }
}
