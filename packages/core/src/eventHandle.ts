import type { EventMeasurements, EventMetadata } from '@foundation-telemetry/taxonomy'
import type { Attachment, Bus } from './bus.ts'
import { invalidInput, type TelemetryError } from './errors.ts'
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
 * The handler list of a handle that has to look its handlers up (again). Never dispatched to:
 * its one slot only makes its length non-zero, so `execute` with nobody listening is one load and
 * one length check, and only a non-empty list needs the `STALE` compare.
 */
const STALE: readonly Attachment[] = Object.freeze([undefined as unknown as Attachment])

/**
 * A pre-resolved event: it keeps the handler list for its name. A tracked handle keeps the list
 * until the bus reports an attach or detach, which resets it to {@link STALE}; an untracked one
 * (past {@link MAX_HANDLES} names) looks the list up on every call.
 */
class EventHandle<TName extends string> implements TelemetryEvent<TName> {
  readonly name: TName
  private readonly bus: Bus
  private readonly deliver: Deliver
  private readonly tracked: boolean
  /** The instance does not enrich metadata: objects can go to a handler as they are. */
  private readonly direct: boolean
  private handlers: readonly Attachment[] = STALE
  /**
   * The only handler, when there is exactly one and the instance does not enrich: `execute` then
   * calls it straight away, as short a path as a `diagnostics_channel` publish.
   */
  private one: Attachment | null = null

  constructor(name: TName, bus: Bus, deliver: Deliver, tracked: boolean, direct: boolean) {
    this.name = name
    this.bus = bus
    this.deliver = deliver
    this.tracked = tracked
    this.direct = direct
  }

  execute(measurements?: EventMeasurements<TName>, metadata?: EventMetadata<TName>): void {
    const handlers = this.handlers
    if (handlers.length === 0) return
    const one = this.one
    if (
      one !== null &&
      typeof measurements === 'object' &&
      typeof metadata === 'object' &&
      measurements !== null &&
      metadata !== null
    )
      this.bus.call(one, this.name, measurements as Measurements, metadata as Metadata)
    else this.deliverTo(handlers, measurements as Measurements | undefined, metadata as Metadata | undefined)
  }

  /** The general path: look the handlers up if stale, then validate, enrich and dispatch. */
  private deliverTo(
    handlers: readonly Attachment[],
    measurements: Measurements | undefined,
    metadata: Metadata | undefined,
  ): void {
    const resolved = handlers === STALE ? this.resolve() : handlers
    if (resolved.length > 0) this.deliver(resolved, this.name, measurements, metadata)
  }

  hasHandlers(): boolean {
    const handlers = this.handlers
    return (handlers === STALE ? this.resolve() : handlers).length > 0
  }

  /** Drop the resolved list: handlers were attached or detached. */
  invalidate(): void {
    this.handlers = STALE
    this.one = null
  }

  private resolve(): readonly Attachment[] {
    // A lookup never attaches or detaches, so nothing can invalidate the list while it is stored.
    const handlers = this.bus.handlersFor(this.name) ?? EMPTY
    if (this.tracked) {
      this.handlers = handlers
      this.one = this.direct && handlers.length === 1 ? (handlers[0] as Attachment) : null
    }
    return handlers
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
      invalidInput('event name must be a non-empty string', {
        api: 'event',
        event_name: this.name,
      }),
    )
  }

  hasHandlers(): boolean {
    return false
  }
}

/**
 * Names whose handles are kept (shared per name, and told about attach and detach). Past this many,
 * `t.event(name)` gives an untracked handle that looks its handlers up on every call, so names
 * built at run time cannot grow memory without bound.
 */
const MAX_HANDLES = 4096

/**
 * Build `t.event(name)` for one instance. `direct`: the instance does not enrich metadata, so a
 * handle with one handler may call it itself when both arguments are objects.
 */
export function createEventHandles(
  bus: Bus,
  deliver: Deliver,
  report: (error: TelemetryError) => void,
  direct: boolean,
): <TName extends string>(name: TName) => TelemetryEvent<TName> {
  const handles = new Map<string, EventHandle<string>>()
  bus.onChange(() => {
    for (const handle of handles.values()) handle.invalidate()
  })
  return <TName extends string>(name: TName): TelemetryEvent<TName> => {
    if (typeof name !== 'string' || name === '') return new InvalidEventHandle(name, report)
    let handle = handles.get(name)
    if (handle === undefined) {
      const tracked = handles.size < MAX_HANDLES
      handle = new EventHandle(name, bus, deliver, tracked, direct)
      if (tracked) handles.set(name, handle)
    }
    return handle as unknown as TelemetryEvent<TName>
  }
}
