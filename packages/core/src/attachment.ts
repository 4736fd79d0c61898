import { invalidInput, type TelemetryError } from './errors.ts'
import type { AttachOptions, Handler } from './types.ts'

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
  /** Whether the handler takes enriched metadata (else the caller's object as given). */
  readonly enrich: boolean
  failures: number
}

/** Whether any handler of a resolved list takes enriched metadata: the event is enriched once if so. */
export function wantsEnrichment(handlers: readonly Attachment[]): boolean {
  for (let i = 0; i < handlers.length; i++) if ((handlers[i] as Attachment).enrich) return true
  return false
}

function invalid(message: string, details: Record<string, unknown>): TelemetryError {
  return invalidInput(message, { api: 'attach', ...details })
}

/** Splits `'a.b.*'` into its prefix `'a.b.'`; `'*'` is every event. Other `*` uses are invalid. */
export function patternPrefix(name: string): string | undefined {
  if (name === '*') return ''
  if (name.endsWith('.*') && name.indexOf('*') === name.length - 1 && name.length > 2)
    return name.slice(0, -1)
  return undefined
}

/** Whether `a` listens to `event`: an exact name, or a pattern whose prefix starts it. */
export function attachmentMatches(a: Attachment, event: string): boolean {
  if (a.exact.has(event)) return true
  for (let i = 0; i < a.prefixes.length; i++) if (event.startsWith(a.prefixes[i] as string)) return true
  return false
}

/** `t.attach(id, events, handler, { sampled: true })`: the config object opts in to sampled delivery. */
function sampledConfig(config: unknown): boolean {
  return typeof config === 'object' && config !== null && (config as { sampled?: unknown }).sampled === true
}

/** The names and prefixes of an attach call's `events`; bad entries are reported and skipped. */
function readEventNames(
  id: string,
  names: readonly unknown[],
  report: (error: TelemetryError) => void,
): { kept: string[]; exact: Set<string>; prefixes: string[] } {
  const kept: string[] = []
  const exact = new Set<string>()
  const prefixes: string[] = []
  for (const name of names) {
    if (typeof name !== 'string' || name === '') {
      report(
        invalid(`handler ${id}: event names must be non-empty strings`, { handler_id: id, event_name: name }),
      )
      continue
    }
    if (name.includes('*')) {
      const prefix = patternPrefix(name)
      if (prefix === undefined) {
        report(
          invalid(`handler ${id}: '*' is only allowed as a final '.*' segment`, {
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
  return { kept, exact, prefixes }
}

/**
 * The attachment an `attach(id, events, handler, config, options)` call describes, or `undefined`
 * (reported) when the call cannot attach anything, including when `taken(id)`: the handler already
 * attached under that id is kept. `enrichByDefault` is the instance's `enrich` option, which a
 * boolean `options.enrich` overrides.
 */
export function readAttachment(
  id: unknown,
  events: unknown,
  handler: unknown,
  config: unknown,
  options: AttachOptions | undefined,
  taken: (id: string) => boolean,
  report: (error: TelemetryError) => void,
  enrichByDefault = true,
): Attachment | undefined {
  try {
    if (typeof id !== 'string' || id === '') {
      report(invalid('handler id must be a non-empty string', { handler_id: id }))
      return undefined
    }
    if (typeof handler !== 'function') {
      report(invalid(`handler ${id} is not a function`, { handler_id: id }))
      return undefined
    }
    const names = typeof events === 'string' ? [events] : Array.isArray(events) ? events : undefined
    if (names === undefined || names.length === 0) {
      report(
        invalid(`handler ${id}: events must be a name, a list of names or a prefix pattern`, {
          handler_id: id,
        }),
      )
      return undefined
    }
    if (taken(id)) {
      report(
        invalid(`handler id ${id} is already attached; the existing handler is kept`, { handler_id: id }),
      )
      return undefined
    }
    const { kept, exact, prefixes } = readEventNames(id, names, report)
    if (kept.length === 0) return undefined
    return {
      id,
      events: kept,
      exact,
      prefixes,
      handler: handler as Handler<unknown>,
      config,
      durable: options?.durable === true,
      sampled: options?.sampled === true || (options === undefined && sampledConfig(config)),
      enrich: typeof options?.enrich === 'boolean' ? options.enrich : enrichByDefault,
      failures: 0,
    }
  } catch (error) {
    // An events list or options object that cannot be read (a revoked or throwing Proxy).
    const name = typeof id === 'string' ? id : 'without an id'
    report(
      invalid(`handler ${name}: arguments could not be read; nothing attached`, { handler_id: id, error }),
    )
    return undefined
  }
}
