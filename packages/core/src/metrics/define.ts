/**
 * Declarative metrics (`t.metrics.define`): definitions that name a metric, the events it is
 * recorded from, the measurement to read and the tags to keep, compiled once into one handler
 * per event name. The handler holds a list of pre-resolved recorders, so an event costs the
 * bus's exact-name dispatch plus one tag object and one instrument call per metric.
 */
import type { MetricDefinition } from '@foundation-telemetry/taxonomy'
import { baseUnit } from '@foundation-telemetry/taxonomy'
import { detachOnce } from '../detachOnce.ts'
import { ENRICHMENT_KEYS } from '../enrichment.ts'
import { TelemetryErrorCode } from '../errors.ts'
import type { Measurements, Metadata } from '../types.ts'
import type { AnyInstrument } from './collect.ts'
import type { EngineContext } from './engineContext.ts'
import { describe } from './instrument.ts'
import type { DefinedMetrics, InstrumentKind, InstrumentOptions, MetricSpec, Tags } from './types.ts'

/** What compiling definitions needs from the engine and the bus. */
export interface DefineDeps {
  ctx: EngineContext
  /** The taxonomy's definition of a metric name, if any. */
  definitionOf: (name: string) => MetricDefinition | undefined
  /** The unit of `measurement` on `event` in the taxonomy, if it declares one. */
  measurementUnitOf: (event: string, measurement: string) => string | undefined
  /**
   * Find or create the instrument; returns its record function, and whether it keeps only
   * declared tag keys (an instrument created earlier without them keeps every key it is given).
   */
  recorder: (
    kind: InstrumentKind,
    name: string,
    options: InstrumentOptions,
  ) => { target: RecordTarget; declaresTagKeys: boolean }
  /**
   * Attach a durable handler to exact event names; returns its detach function. A handler that
   * reads no enrichment key is attached with `readsEnrichment: false`: it takes the caller's
   * metadata as given, and an event none of whose handlers reads enrichment is not enriched.
   */
  attach: (id: string, events: readonly string[], handler: EventHandler, options: AttachDefined) => () => void
}

/** How {@link DefineDeps.attach} attaches one compiled handler. */
export interface AttachDefined {
  /**
   * Whether the handler may read a key enrichment adds (a tag key among them, or a definition
   * function, which could read any key): it then takes metadata as the instance enriches it.
   */
  readsEnrichment: boolean
}

/** What {@link engineDefineDeps} reads from the engine. */
export interface EngineDefineSources {
  ctx: EngineContext
  definitionOf: (name: string) => MetricDefinition | undefined
  /** The engine's factories by kind (find or create the instrument). */
  byKind: Readonly<Record<InstrumentKind, (name: string, options?: InstrumentOptions) => AnyInstrument>>
  /** The bus to attach to; without one, `define` reports that it has none. */
  attach?: DefineDeps['attach'] | undefined
  measurementUnitOf?: ((event: string, measurement: string) => string | undefined) | undefined
}

/** The {@link DefineDeps} of a metrics engine. */
export function engineDefineDeps(sources: EngineDefineSources): DefineDeps {
  const { ctx, byKind, attach } = sources
  return {
    ctx,
    definitionOf: sources.definitionOf,
    measurementUnitOf: (event, measurement) => sources.measurementUnitOf?.(event, measurement),
    recorder: (kind, name, options) => {
      const inst = byKind[kind](name, options)
      return { target: inst, declaresTagKeys: inst.table.keepsDeclaredKeysOnly }
    },
    attach: (id, events, handler, options) => {
      if (attach !== undefined) return attach(id, events, handler, options)
      ctx.report(TelemetryErrorCode.INVALID_INPUT, `metrics.define: no event bus to attach ${id} to`, {
        api: 'metrics.define',
      })
      return () => {}
    },
  }
}

/** What a compiled definition records into: the instrument itself (one call less than a closure). */
export interface RecordTarget {
  recordValue(value: number, tags: unknown): void
}
type EventHandler = (event: string, measurements: Measurements, metadata: Metadata) => void
type ReadValue = (measurements: Measurements, metadata: Metadata, event: string) => number | undefined
type ReadTags = (metadata: Metadata, measurements: Measurements, event: string) => Tags
type Predicate = (metadata: Metadata, measurements: Measurements, event: string) => boolean

const KINDS: ReadonlySet<string> = new Set(['counter', 'updowncounter', 'gauge', 'histogram', 'summary'])
const INSTRUMENT_OPTIONS = [
  'unit',
  'description',
  'buckets',
  'windows',
  'quantiles',
  'cardinalityLimit',
] as const

/** One compiled definition, as run for one event name. */
interface Recorder {
  readonly metric: string
  readonly read: ReadValue
  readonly tags: ReadTags
  readonly keep: Predicate | undefined
  readonly drop: Predicate | undefined
  readonly scale: number
  readonly target: RecordTarget
  /** Whether it may read a metadata key enrichment adds (see {@link readsEnrichment}). */
  readonly readsEnrichment: boolean
}

const METADATA_KEYS = Symbol('foundation-telemetry.metadata-keys')

/**
 * `fn`, marked as reading only `keys` of the metadata, so a definition using it still lets its
 * handler skip enrichment when none of `keys` is an enrichment key. Without the mark a function
 * is taken to read any key.
 */
export function readingMetadataKeys<TFn extends (...args: never[]) => unknown>(
  keys: readonly string[],
  fn: TFn,
): TFn {
  Object.defineProperty(fn, METADATA_KEYS, { value: Object.freeze([...keys]) })
  return fn
}

function readsEnrichmentKey(keys: readonly string[]): boolean {
  return keys.some((key) => ENRICHMENT_KEYS.includes(key))
}

/**
 * Whether a definition may read a key enrichment adds: a tag key among them, or a user function
 * (`tagValues`, `keep`, `drop`, a measurement function) that could read any key.
 */
function readsEnrichment(spec: Partial<MetricSpec>, tagKeys: readonly string[]): boolean {
  if (readsEnrichmentKey(tagKeys)) return true
  for (const fn of [spec.tagValues, spec.keep, spec.drop, spec.measurement]) {
    if (typeof fn !== 'function') continue
    const keys = (fn as { [METADATA_KEYS]?: readonly string[] })[METADATA_KEYS]
    if (keys === undefined || readsEnrichmentKey(keys)) return true
  }
  return false
}

let defineCount = 0

/**
 * Compile `specs` and attach their handlers. Invalid definitions are reported with the metric
 * named and skipped; the rest attach. Never throws.
 */
export function defineMetrics(deps: DefineDeps, specs: unknown): DefinedMetrics {
  const byEvent = new Map<string, Recorder[]>()
  const names: string[] = []
  const list = Array.isArray(specs) ? specs : [specs]
  if (!Array.isArray(specs)) invalid(deps, 'define', 'definitions must be an array', specs)
  for (const spec of list) {
    try {
      compile(deps, spec, byEvent, names)
    } catch (error) {
      invalid(deps, nameOf(spec), `could not be compiled: ${describe(error)}`, spec)
    }
  }
  const detachers: Array<() => void> = []
  const id = `metrics.define.${++defineCount}`
  for (const [event, recorders] of byEvent) {
    const readsEnrichment = recorders.some((r) => r.readsEnrichment)
    detachers.push(deps.attach(`${id}:${event}`, [event], handlerFor(deps, recorders), { readsEnrichment }))
  }
  return { metrics: names, detach: detachOnce(detachers) }
}

function handlerFor(deps: DefineDeps, recorders: readonly Recorder[]): EventHandler {
  return (event, measurements, metadata) => {
    for (let i = 0; i < recorders.length; i++)
      run(deps, recorders[i] as Recorder, event, measurements, metadata)
  }
}

function run(deps: DefineDeps, r: Recorder, event: string, measurements: Measurements, metadata: Metadata) {
  try {
    if (r.keep !== undefined && r.keep(metadata, measurements, event) !== true) return
    if (r.drop !== undefined && r.drop(metadata, measurements, event) === true) return
    const value = r.read(measurements, metadata, event)
    if (typeof value !== 'number' || Number.isNaN(value)) return
    r.target.recordValue(r.scale === 1 ? value : value * r.scale, r.tags(metadata, measurements, event))
  } catch (error) {
    // One definition's bad function must not stop the others on the same event.
    deps.ctx.report(
      TelemetryErrorCode.HANDLER_FAILURE,
      `metric ${r.metric} on ${event} failed: ${describe(error)}`,
      { metric: r.metric, event_name: event, error },
    )
  }
}

function compile(deps: DefineDeps, raw: unknown, byEvent: Map<string, Recorder[]>, names: string[]): void {
  if (typeof raw !== 'object' || raw === null) {
    invalid(deps, nameOf(raw), 'a definition must be an object', raw)
    return
  }
  const spec = raw as Partial<MetricSpec>
  const name = spec.name
  if (typeof name !== 'string' || name === '') {
    invalid(deps, nameOf(raw), 'name must be a non-empty string', raw)
    return
  }
  const definition = deps.definitionOf(name)
  const kind = spec.kind ?? definition?.kind
  if (typeof kind !== 'string' || !KINDS.has(kind)) {
    invalid(deps, name, `kind must be one of ${[...KINDS].join(', ')}, got ${describe(kind)}`, raw)
    return
  }
  const events = eventList(spec.events ?? definition?.events)
  if (events === undefined) {
    invalid(deps, name, 'events must be an event name or a non-empty list of names', raw)
    return
  }
  const measurement = spec.measurement ?? defaultMeasurement(kind as InstrumentKind)
  if (measurement === undefined) {
    invalid(deps, name, 'a gauge needs a measurement (a key, a constant or a function)', raw)
    return
  }
  const read = reader(measurement)
  if (read === undefined) {
    invalid(
      deps,
      name,
      `measurement must be a string, a number or a function, got ${describe(measurement)}`,
      raw,
    )
    return
  }
  for (const key of ['tagValues', 'keep', 'drop'] as const) {
    if (spec[key] !== undefined && typeof spec[key] !== 'function') {
      invalid(deps, name, `${key} must be a function`, raw)
      return
    }
  }
  const tagKeys = spec.tagKeys ?? definition?.tagKeys ?? []
  const options: Record<string, unknown> = { tagKeys }
  for (const option of INSTRUMENT_OPTIONS) if (spec[option] !== undefined) options[option] = spec[option]
  const unit = (spec.unit ?? definition?.unit ?? '1') as string
  const { target, declaresTagKeys } = deps.recorder(
    kind as InstrumentKind,
    name,
    options as InstrumentOptions,
  )
  names.push(name)
  const enrichment = readsEnrichment(spec, tagKeys)
  for (const event of events) {
    const from =
      spec.measurementUnit ??
      (typeof measurement === 'string' ? deps.measurementUnitOf(event, measurement) : undefined)
    const recorders = byEvent.get(event) ?? []
    recorders.push({
      metric: name,
      read,
      tags: spec.tagValues ?? defaultTags(tagKeys, event, declaresTagKeys),
      keep: spec.keep,
      drop: spec.drop,
      scale: from === undefined ? 1 : scaleBetween(from, unit),
      target,
      readsEnrichment: enrichment,
    })
    byEvent.set(event, recorders)
  }
}

function eventList(value: unknown): readonly string[] | undefined {
  const list = typeof value === 'string' ? [value] : Array.isArray(value) ? value : undefined
  if (list === undefined || list.length === 0) return undefined
  return list.every((e) => typeof e === 'string' && e !== '') ? (list as string[]) : undefined
}

/** Counters count events; histograms and summaries read `duration`; gauges must say. */
function defaultMeasurement(kind: InstrumentKind): string | number | undefined {
  if (kind === 'counter' || kind === 'updowncounter') return 1
  if (kind === 'histogram' || kind === 'summary') return 'duration'
  return undefined
}

function reader(measurement: unknown): ReadValue | undefined {
  if (typeof measurement === 'number') return () => measurement
  if (typeof measurement === 'string') return (m) => m[measurement]
  if (typeof measurement === 'function') return measurement as ReadValue
  return undefined
}

/**
 * The factor from a measurement's unit to the metric's (`s` -> `ms` is 1000). Units of different
 * dimensions, or without a known scale, are left as they are.
 */
export function scaleBetween(from: string, to: string): number {
  if (from === to) return 1
  const a = baseUnit(from)
  const b = baseUnit(to)
  if (a.unit !== b.unit) return 1
  return (a.multiplier * b.divisor) / (a.divisor * b.multiplier)
}

/** How an event's name decides its outcome: by the metadata (`.stop`, `.complete`) or fixed. */
type OutcomeRule = { readonly byMetadata: true } | { readonly byMetadata: false; readonly outcome: string }

function outcomeRule(event: string): OutcomeRule {
  // A non-string name (bad input from outside the types) names no outcome.
  if (typeof event !== 'string') return { byMetadata: false, outcome: 'unknown' }
  const segment = event.slice(event.lastIndexOf('.') + 1)
  if (segment === 'stop' || segment === 'complete') return { byMetadata: true }
  return { byMetadata: false, outcome: segment === 'exception' ? 'failure' : segment }
}

function failed(metadata: Metadata): boolean {
  if (typeof metadata !== 'object' || metadata === null) return false
  try {
    return metadata.success === false || (metadata.error !== undefined && metadata.error !== null)
  } catch {
    // Metadata whose getters throw cannot say it failed.
    return false
  }
}

/**
 * The outcome an event's name implies: `.stop` and `.complete` succeed unless the metadata says
 * otherwise (`success: false` or an `error`), `.exception` fails, any other event is named by its
 * last segment (`foundation.circuit_breaker.call.rejected` -> `rejected`).
 */
export function outcomeOf(event: string, metadata: Metadata): string {
  const rule = outcomeRule(event)
  return rule.byMetadata ? (failed(metadata) ? 'failure' : 'success') : rule.outcome
}

/** {@link outcomeOf} for one event name, its rule resolved once (for code that runs per event). */
export function outcomeReader(event: string): (metadata: Metadata) => string {
  const rule = outcomeRule(event)
  if (rule.byMetadata) return (metadata) => (failed(metadata) ? 'failure' : 'success')
  const { outcome } = rule
  return () => outcome
}

/**
 * Tags read from metadata by key. `outcome` and `success`, when the metadata does not carry them,
 * follow from the event's name (see {@link outcomeOf}).
 */
function defaultTags(tagKeys: readonly string[], event: string, declared: boolean): ReadTags {
  const wantsOutcome = tagKeys.includes('outcome')
  const wantsSuccess = tagKeys.includes('success')
  // Instruments read declared tag keys by name and ignore the rest, so the metadata itself
  // serves as the tag object: no copy per event.
  if (!wantsOutcome && !wantsSuccess && declared) return (metadata) => metadata as Tags
  const keys = tagKeys.filter((k) => k !== 'outcome' && k !== 'success')
  const rule = outcomeRule(event)
  // Cloning a literal of fixed keys keeps every tag object on one hidden class.
  const template: Tags = {}
  for (const key of tagKeys) template[key] = undefined
  return (metadata) => {
    const tags: Tags = { ...template }
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string
      tags[key] = metadata[key] as Tags[string]
    }
    const outcome = rule.byMetadata ? (failed(metadata) ? 'failure' : 'success') : rule.outcome
    if (wantsOutcome) tags.outcome = (metadata.outcome as Tags[string]) ?? outcome
    if (wantsSuccess) {
      const given = metadata.success as Tags[string]
      tags.success = given ?? (outcome === 'success' ? true : outcome === 'failure' ? false : undefined)
    }
    return tags
  }
}

function nameOf(spec: unknown): string {
  try {
    const name = (spec as { name?: unknown } | null)?.name
    return typeof name === 'string' ? name : 'define'
  } catch {
    return 'define'
  }
}

function invalid(deps: DefineDeps, metric: string, message: string, spec: unknown): void {
  deps.ctx.report(TelemetryErrorCode.INVALID_INPUT, `metric ${metric}: ${message}`, {
    api: 'metrics.define',
    metric,
    spec,
  })
}
