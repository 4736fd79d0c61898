import { type Attachment, attachmentMatches, readAttachment } from './attachment.ts'
import type { TelemetryError } from './errors.ts'
import { createHandlerCaller, type HandlerCaller } from './handlerCall.ts'
import type { AttachOptions, HandlerInfo } from './types.ts'

export type { Attachment } from './attachment.ts'

const EMPTY: readonly Attachment[] = Object.freeze([])

/**
 * The event bus: `:telemetry` semantics. It keeps the attachments and resolves an event name to
 * its handlers (exact handlers and matching prefix patterns, in attach order) as an immutable
 * array. It keeps no lists itself: event handles (`eventHandle.ts`) hold the list of their name
 * until the bus reports an attach or detach, so dispatch is a loop over a snapshot.
 */
export interface Bus extends HandlerCaller {
  /**
   * Calls `listener` after every attach and detach (including a failing handler's), when handler
   * lists resolved before are out of date.
   */
  onChange(listener: () => void): void
  /** The handlers `event` dispatches to now (a shared empty array when none). */
  resolve(event: string): readonly Attachment[]
  attach(
    id: unknown,
    events: unknown,
    handler: unknown,
    config: unknown,
    options: AttachOptions | undefined,
  ): () => void
  detach(id: unknown): boolean
  listHandlers(prefix?: unknown): HandlerInfo[]
}

const noop = () => {}

/** The rows of `t.listHandlers(prefix)`: one per attached name or pattern starting with `prefix`. */
export function handlerRows(attachments: Iterable<Attachment>, prefix: unknown): HandlerInfo[] {
  const p = typeof prefix === 'string' ? prefix : ''
  const rows: HandlerInfo[] = []
  for (const a of attachments) {
    for (const eventName of a.events) {
      if (!eventName.startsWith(p)) continue
      rows.push({
        id: a.id,
        eventName,
        handler: a.handler,
        config: a.config,
        durable: a.durable,
        failures: a.failures,
      })
    }
  }
  return rows
}

/** Options of {@link createBus}. */
export interface BusOptions {
  /**
   * Rewrites a resolved list that holds sampled attachments; it runs at resolution, so dispatch
   * costs the same either way.
   */
  groupSampled?: (list: Attachment[]) => Attachment[]
  /** Whether handlers take enriched metadata unless attached with `enrich`. Defaults to `true`. */
  enrichByDefault?: boolean
}

/** Create an empty bus reporting problems through `report`. */
export function createBus(report: (error: TelemetryError) => void, options: BusOptions = {}): Bus {
  const { groupSampled, enrichByDefault = true } = options
  const attachments = new Map<string, Attachment>()
  let sampledCount = 0
  const listeners: Array<() => void> = []

  const changed = () => {
    for (const listener of listeners) listener()
  }

  const remove = (a: Attachment) => {
    if (attachments.get(a.id) !== a) return false
    attachments.delete(a.id)
    if (a.sampled) sampledCount--
    changed()
    return true
  }

  const taken = (id: string) => attachments.has(id)

  return {
    ...createHandlerCaller(report, remove),

    onChange(listener) {
      listeners.push(listener)
    },

    resolve(event) {
      let list: Attachment[] | undefined
      for (const a of attachments.values()) {
        if (!attachmentMatches(a, event)) continue
        if (list === undefined) list = []
        list.push(a)
      }
      if (list === undefined) return EMPTY
      if (sampledCount > 0 && groupSampled !== undefined) list = groupSampled(list)
      return Object.freeze(list)
    },

    attach(id, events, handler, config, options) {
      const attachment = readAttachment(id, events, handler, config, options, taken, report, enrichByDefault)
      if (attachment === undefined) return noop
      attachments.set(attachment.id, attachment)
      if (attachment.sampled) sampledCount++
      changed()
      return () => {
        remove(attachment)
      }
    },

    detach(id) {
      const a = attachments.get(id as string)
      return a === undefined ? false : remove(a)
    },

    listHandlers: (prefix) => handlerRows(attachments.values(), prefix),
  }
}
