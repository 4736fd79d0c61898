import { handlerFailure, invalidInput, type TelemetryError } from './errors.ts'
import { catchRejection, isThenable } from './thenable.ts'
import type { AttachOptions, Handler, HandlerInfo, Measurements, Metadata } from './types.ts'

/** One attached handler, shared by every event name it resolves to. */
export interface Attachment {
  readonly id: string
  /** Event names and patterns as attached, in the order given. */
  readonly events: readonly string[]
  readonly exact: ReadonlySet<string>
  /** Pattern prefixes including the trailing dot (`foundation.circuit_breaker.`); `''` matches all. */
  readonly prefixes: readonly string[]
  readonly handler: Handler<unknown>
  readonly config: unknown
  readonly durable: boolean
  /** Sampled delivery: only events the event sampler keeps (see `sampledDelivery.ts`). */
  readonly sampled: boolean
  failures: number
}

const EMPTY: readonly Attachment[] = Object.freeze([])
// Names seen by `execute` are cached; past this many distinct names the cache starts over, so
// dynamically built names cannot grow memory without bound.
const MAX_CACHED_NAMES = 4096

/**
 * The event bus: `:telemetry` semantics. Handlers for a name are resolved once per name (exact
 * handlers and matching prefix patterns, in attach order) into an immutable array kept in a map
 * until the next attach or detach, so dispatch is one map lookup and a loop over a snapshot.
 */
export interface Bus {
  /**
   * Calls `listener` after every attach and detach (including a failing handler's), when handler
   * lists resolved before are out of date: event handles drop theirs.
   */
  onChange(listener: () => void): void
  /** The handlers `event` dispatches to (an empty array when none). Invalid names give `undefined`. */
  handlersFor(event: unknown): readonly Attachment[] | undefined
  /**
   * Calls one handler; a failure (a throw, or a rejection of a promise the handler returns) is
   * isolated, reported, and detaches a non-durable handler.
   */
  call(a: Attachment, event: string, measurements: Measurements, metadata: Metadata): void
  /** {@link Bus.call} for each handler, in order. */
  dispatch(
    handlers: readonly Attachment[],
    event: string,
    measurements: Measurements,
    metadata: Metadata,
  ): void
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

/** Splits `'a.b.*'` into its prefix `'a.b.'`; `'*'` is every event. Other `*` uses are invalid. */
function patternPrefix(name: string): string | undefined {
  if (name === '*') return ''
  if (name.endsWith('.*') && name.indexOf('*') === name.length - 1 && name.length > 2)
    return name.slice(0, -1)
  return undefined
}

const noop = () => {}

/** `t.attach(id, events, handler, { sampled: true })`: the config object opts in to sampled delivery. */
function sampledConfig(config: unknown): boolean {
  return typeof config === 'object' && config !== null && (config as { sampled?: unknown }).sampled === true
}
const NONE: unique symbol = Symbol('none')

/**
 * Create an empty bus reporting problems through `report`. `groupSampled` rewrites a resolved list
 * that holds sampled attachments; it runs at resolution, so dispatch costs the same either way.
 */
export function createBus(
  report: (error: TelemetryError) => void,
  groupSampled?: (list: Attachment[]) => Attachment[],
): Bus {
  const attachments = new Map<string, Attachment>()
  let sampledCount = 0
  let cache = new Map<string, readonly Attachment[]>()
  // The last name looked up and its handlers: code that emits one event in a loop skips the map.
  let lastEvent: unknown = NONE
  let lastHandlers: readonly Attachment[] = EMPTY
  const listeners: Array<() => void> = []

  const resolve = (event: string): readonly Attachment[] => {
    let list: Attachment[] | undefined
    for (const a of attachments.values()) {
      let match = a.exact.has(event)
      for (let i = 0; !match && i < a.prefixes.length; i++) match = event.startsWith(a.prefixes[i] as string)
      if (!match) continue
      if (list === undefined) list = []
      list.push(a)
    }
    if (sampledCount > 0 && list !== undefined && groupSampled !== undefined) list = groupSampled(list)
    const result = list === undefined ? EMPTY : Object.freeze(list)
    if (cache.size >= MAX_CACHED_NAMES) cache = new Map()
    cache.set(event, result)
    return result
  }

  const changed = () => {
    cache = new Map()
    lastEvent = NONE
    lastHandlers = EMPTY
    for (const listener of listeners) listener()
  }

  const remove = (a: Attachment) => {
    if (attachments.get(a.id) !== a) return false
    attachments.delete(a.id)
    if (a.sampled) sampledCount--
    changed()
    return true
  }

  // Outside `dispatch`, so the closure it creates costs nothing to handlers that return nothing.
  const watch = (result: PromiseLike<unknown>, a: Attachment, event: string) => {
    catchRejection(result, (error) => fail(a, event, error))
  }

  const fail = (a: Attachment, event: string, error: unknown) => {
    a.failures++
    if (!a.durable) remove(a)
    report(
      handlerFailure(
        `handler ${a.id} failed on ${event}${a.durable ? '' : ' and was detached'}`,
        { handler_id: a.id, event_name: event, error, durable: a.durable },
        { cause: error },
      ),
    )
  }

  const bus: { -readonly [K in keyof Bus]: Bus[K] } = {
    onChange(listener) {
      listeners.push(listener)
    },

    handlersFor(event) {
      if (event === lastEvent) return lastHandlers
      let list = cache.get(event as string)
      if (list === undefined) {
        if (typeof event !== 'string' || event === '') {
          report(invalidInput('event name must be a non-empty string', { api: 'execute', event_name: event }))
          return undefined
        }
        list = resolve(event)
      }
      lastEvent = event
      lastHandlers = list
      return list
    },

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

    dispatch(handlers, event, measurements, metadata) {
      for (let i = 0; i < handlers.length; i++)
        bus.call(handlers[i] as Attachment, event, measurements, metadata)
    },

    attach(id, events, handler, config, options) {
      if (typeof id !== 'string' || id === '') {
        report(invalidInput('handler id must be a non-empty string', { api: 'attach', handler_id: id }))
        return noop
      }
      if (typeof handler !== 'function') {
        report(invalidInput(`handler ${id} is not a function`, { api: 'attach', handler_id: id }))
        return noop
      }
      const names = typeof events === 'string' ? [events] : Array.isArray(events) ? events : undefined
      if (names === undefined || names.length === 0) {
        report(
          invalidInput(`handler ${id}: events must be a name, a list of names or a prefix pattern`, {
            api: 'attach',
            handler_id: id,
          }),
        )
        return noop
      }
      if (attachments.has(id)) {
        report(
          invalidInput(`handler id ${id} is already attached; the existing handler is kept`, {
            api: 'attach',
            handler_id: id,
          }),
        )
        return noop
      }
      const kept: string[] = []
      const exact = new Set<string>()
      const prefixes: string[] = []
      for (const name of names) {
        if (typeof name !== 'string' || name === '') {
          report(
            invalidInput(`handler ${id}: event names must be non-empty strings`, {
              api: 'attach',
              handler_id: id,
              event_name: name,
            }),
          )
          continue
        }
        if (name.includes('*')) {
          const prefix = patternPrefix(name)
          if (prefix === undefined) {
            report(
              invalidInput(`handler ${id}: '*' is only allowed as a final '.*' segment`, {
                api: 'attach',
                handler_id: id,
                event_name: name,
              }),
            )
            continue
          }
          prefixes.push(prefix)
        } else exact.add(name)
        kept.push(name)
      }
      if (kept.length === 0) return noop
      const attachment: Attachment = {
        id,
        events: kept,
        exact,
        prefixes,
        handler: handler as Handler<unknown>,
        config,
        durable: options?.durable === true,
        sampled: options?.sampled === true || (options === undefined && sampledConfig(config)),
        failures: 0,
      }
      attachments.set(id, attachment)
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

    listHandlers(prefix) {
      const p = typeof prefix === 'string' ? prefix : ''
      const rows: HandlerInfo[] = []
      for (const a of attachments.values()) {
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
    },
  }
  return bus
}
