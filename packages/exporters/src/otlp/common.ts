/**
 * Pieces both OTLP encodings share: time in nanoseconds, span-kind mapping, and attribute values
 * as OTLP `AnyValue`s.
 */
import {
  AnyValueField,
  ExportRequestField,
  InstrumentationScopeField,
  KeyValueField,
  OtlpSpanKind,
  ResourceField,
  ResourceGroupField,
  ScopeGroupField,
  ValueListField,
} from './otlpFields.ts'
import { encodeProto, type ProtoSink } from './protobufWriter.ts'

/** Attribute values as core and OpenTelemetry allow them. */
export type OtlpAttributeValue =
  | string
  | number
  | boolean
  | readonly string[]
  | readonly number[]
  | readonly boolean[]
/** Attributes as OTLP encodes them; `undefined` values are skipped. */
export type OtlpAttributes = Readonly<Record<string, OtlpAttributeValue | undefined>>

/** Epoch milliseconds (float) to integer epoch nanoseconds, exact for microsecond-aligned times. */
export function msToNanos(ms: number): bigint {
  if (!Number.isFinite(ms) || ms <= 0) return 0n
  const whole = Math.floor(ms)
  return BigInt(whole) * 1_000_000n + BigInt(Math.round((ms - whole) * 1e6))
}

/**
 * Core numbers span kinds as `@opentelemetry/api` does (INTERNAL=0); OTLP reserves 0 for
 * UNSPECIFIED and shifts the rest by one.
 */
export function toOtlpSpanKind(kind: number | undefined): number {
  return kind === undefined || kind < 0 || kind > 4 ? OtlpSpanKind.unspecified : kind + 1
}

/** Write `attributes` as repeated `KeyValue` in `field`. Undefined values are skipped. */
export function writeAttributes(
  sink: ProtoSink,
  field: number,
  attributes: OtlpAttributes | undefined,
): void {
  if (attributes === undefined) return
  for (const key in attributes) {
    const value = attributes[key]
    if (value === undefined) continue
    if (typeof value !== 'object') {
      sink.scalarAttribute(field, key, value)
      continue
    }
    sink.begin(field)
    sink.string(KeyValueField.key, key)
    sink.begin(KeyValueField.value)
    writeAnyValue(sink, value)
    sink.end()
    sink.end()
  }
}

export function writeAnyValue(sink: ProtoSink, value: OtlpAttributeValue | string | number | boolean): void {
  switch (typeof value) {
    case 'string':
      sink.string(AnyValueField.stringValue, value)
      return
    case 'boolean':
      sink.uint(AnyValueField.boolValue, value ? 1 : 0)
      return
    case 'number':
      if (Number.isInteger(value)) sink.int64(AnyValueField.intValue, value)
      else sink.double(AnyValueField.doubleValue, value)
      return
    default:
      sink.begin(AnyValueField.arrayValue)
      for (const item of value) {
        sink.begin(ValueListField.values)
        writeAnyValue(sink, item)
        sink.end()
      }
      sink.end()
  }
}

/** An OTLP/JSON `AnyValue`. */
export type JsonAnyValue =
  | { stringValue: string }
  | { boolValue: boolean }
  | { intValue: string }
  | { doubleValue: number | string }
  | { arrayValue: { values: JsonAnyValue[] } }

/** An OTLP/JSON `KeyValue`. */
export interface JsonKeyValue {
  key: string
  value: JsonAnyValue
}

/** `attributes` as OTLP/JSON `KeyValue`s: int64 as decimal strings, non-finite doubles as their names. */
export function jsonAttributes(attributes: OtlpAttributes | undefined): JsonKeyValue[] {
  const out: JsonKeyValue[] = []
  if (attributes === undefined) return out
  for (const key in attributes) {
    const value = attributes[key]
    if (value !== undefined) out.push({ key, value: jsonAnyValue(value) })
  }
  return out
}

export function jsonAnyValue(value: OtlpAttributeValue | string | number | boolean): JsonAnyValue {
  switch (typeof value) {
    case 'string':
      return { stringValue: value }
    case 'boolean':
      return { boolValue: value }
    case 'number':
      return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: jsonDouble(value) }
    default:
      return { arrayValue: { values: value.map((item) => jsonAnyValue(item)) } }
  }
}

/** Protobuf JSON mapping writes NaN and infinities as strings. */
export function jsonDouble(value: number): number | string {
  if (Number.isFinite(value)) return value
  if (Number.isNaN(value)) return 'NaN'
  return value > 0 ? 'Infinity' : '-Infinity'
}

/**
 * Group items by resource and instrumentation scope, keeping first-seen order. Scopes group by
 * `scopeKeyOf(scope)` (name and version), but the key is only built when an item's scope object
 * differs from the previous item's: spans of one telemetry instance share their resource and scope
 * objects, so a batch normally builds one key, not one per span.
 */
export function groupByResourceAndScope<TItem, TScope extends object>(
  items: readonly TItem[],
  resourceOf: (item: TItem) => object,
  scopeOf: (item: TItem) => TScope,
  scopeKeyOf: (scope: TScope) => string,
): Array<{ resource: object; scopes: TItem[][] }> {
  const byResource = new Map<object, Map<string, TItem[]>>()
  let lastResource: object | undefined
  let lastScope: TScope | undefined
  let lastList: TItem[] = []
  for (const item of items) {
    const resource = resourceOf(item)
    const scope = scopeOf(item)
    if (resource === lastResource && scope === lastScope) {
      lastList.push(item)
      continue
    }
    let scopes = byResource.get(resource)
    if (!scopes) {
      scopes = new Map()
      byResource.set(resource, scopes)
    }
    const key = scopeKeyOf(scope)
    let list = scopes.get(key)
    if (!list) {
      list = []
      scopes.set(key, list)
    }
    list.push(item)
    lastResource = resource
    lastScope = scope
    lastList = list
  }
  const out: Array<{ resource: object; scopes: TItem[][] }> = []
  for (const [resource, scopes] of byResource) out.push({ resource, scopes: [...scopes.values()] })
  return out
}

/** Items OTLP groups by resource and instrumentation scope: spans and log records. */
export interface ScopedItem {
  readonly resource: object
  readonly instrumentationScope: { readonly name: string; readonly version?: string }
}

const scopeOfItem = (item: ScopedItem) => item.instrumentationScope
/** Length-prefixed, so no name and version pair can spell another's key ("a@" + "b" vs "a" + "@b"). */
const scopeKey = (scope: ScopedItem['instrumentationScope']) =>
  `${scope.name.length}:${scope.name}@${scope.version ?? ''}`
const resourceOfItem = (item: ScopedItem) => item.resource

/** An instrumentation scope as OTLP carries it. */
export interface OtlpScope {
  readonly name: string
  readonly version?: string | undefined
}

/**
 * Open one `Resource<X>` group of an export request (field 1) and write its resource (field 1);
 * the caller writes the group's scope groups, then ends it. Every signal shares this envelope.
 */
export function beginResourceGroup(sink: ProtoSink, resource: OtlpAttributes): void {
  sink.begin(ExportRequestField.resourceGroups)
  sink.begin(ResourceGroupField.resource)
  writeAttributes(sink, ResourceField.attributes, resource)
  sink.end()
}

/**
 * Open one `Scope<X>` group (field 2) and write its scope (field 1); the caller writes the items
 * (field 2, `ScopeGroupField.items`), then ends it. The item loop stays with each signal's
 * encoder, so its call to the item writer sees one or two targets, not every signal's.
 */
export function beginScopeGroup(sink: ProtoSink, scope: OtlpScope): void {
  sink.begin(ResourceGroupField.scopeGroups)
  sink.begin(ScopeGroupField.scope)
  sink.string(InstrumentationScopeField.name, scope.name)
  if (scope.version) sink.string(InstrumentationScopeField.version, scope.version)
  sink.end()
}

/** A resource as an OTLP/JSON `Resource`. */
export function jsonResource(resource: OtlpAttributes): {
  attributes: JsonKeyValue[]
  droppedAttributesCount: number
} {
  return { attributes: jsonAttributes(resource), droppedAttributesCount: 0 }
}

/** A scope as an OTLP/JSON `InstrumentationScope`: the version only when there is one. */
export function jsonScope(scope: OtlpScope): { name: string; version?: string } {
  return scope.version ? { name: scope.name, version: scope.version } : { name: scope.name }
}

/** The protobuf request of items that carry their own resource and scope (traces, logs). */
function encodeScopedProto<TItem extends ScopedItem>(
  items: readonly TItem[],
  writeItem: (sink: ProtoSink, item: TItem) => void,
): Uint8Array {
  const groups = groupByResourceAndScope(items, resourceOfItem, scopeOfItem, scopeKey)
  return encodeProto((sink) => {
    for (const group of groups) {
      beginResourceGroup(sink, group.resource as OtlpAttributes)
      for (const scoped of group.scopes) {
        beginScopeGroup(sink, (scoped[0] as TItem).instrumentationScope)
        for (const item of scoped) writeItem(sink, item)
        sink.end()
      }
      sink.end()
    }
  })
}

/** The OTLP/JSON member names of one signal's request envelope, e.g. `resourceSpans`, `scopeSpans`, `spans`. */
export interface SignalMembers {
  readonly resource: string
  readonly scope: string
  readonly items: string
}

/**
 * An OTLP/JSON `Export<Signal>ServiceRequest`: the items of `TItem` grouped by resource and by
 * instrumentation scope, under the signal's own member names (`TMembers`). Traces, logs and
 * metrics share this envelope.
 */
export type JsonExportRequest<TMembers extends SignalMembers, TItem> = {
  [R in TMembers['resource']]: Array<
    { resource: { attributes: JsonKeyValue[]; droppedAttributesCount: number } } & {
      [S in TMembers['scope']]: Array<
        { scope: { name: string; version?: string } } & { [I in TMembers['items']]: TItem[] }
      >
    }
  >
}

/** The encoders of a signal whose items carry their own resource and scope (traces, logs). */
export interface ScopedEncoders<TItem, TRequest> {
  /** The protobuf request. */
  proto(items: readonly TItem[]): Uint8Array
  /** The OTLP/JSON request object. */
  json(items: readonly TItem[]): TRequest
  /** The OTLP/JSON request body. */
  jsonBytes(items: readonly TItem[]): Uint8Array
}

/**
 * The three encoders of a scoped signal, from how it writes one item in protobuf and in JSON and
 * its JSON member names. None throws: data they cannot encode (or whose fields throw) gives an
 * empty request.
 */
export function scopedEncoders<TItem extends ScopedItem, TJson, TMembers extends SignalMembers>(
  writeItem: (sink: ProtoSink, item: TItem) => void,
  toJsonItem: (item: TItem) => TJson,
  names: TMembers,
): ScopedEncoders<TItem, JsonExportRequest<TMembers, TJson>> {
  type TRequest = JsonExportRequest<TMembers, TJson>
  const empty = () => ({ [names.resource]: [] }) as unknown as TRequest
  const json = (items: readonly TItem[]): TRequest => {
    try {
      return toJsonScoped(items, toJsonItem, names) as TRequest
    } catch {
      return empty()
    }
  }
  return {
    proto(items) {
      try {
        return encodeScopedProto(items, writeItem)
      } catch {
        return new Uint8Array(0)
      }
    },
    json,
    jsonBytes(items) {
      try {
        return Buffer.from(JSON.stringify(json(items)), 'utf8')
      } catch {
        return Buffer.from(JSON.stringify(empty()), 'utf8')
      }
    },
  }
}

/**
 * The OTLP/JSON envelope traces and logs share, with the signal's own member names
 * (`resourceSpans` / `scopeSpans` / `spans`, `resourceLogs` / `scopeLogs` / `logRecords`).
 */
function toJsonScoped<TItem extends ScopedItem, TJson>(
  items: readonly TItem[],
  toJson: (item: TItem) => TJson,
  names: SignalMembers,
): Record<string, unknown> {
  return {
    [names.resource]: groupByResourceAndScope(items, resourceOfItem, scopeOfItem, scopeKey).map((group) => ({
      resource: jsonResource(group.resource as OtlpAttributes),
      [names.scope]: group.scopes.map((scoped) => ({
        scope: jsonScope((scoped[0] as TItem).instrumentationScope),
        [names.items]: scoped.map(toJson),
      })),
    })),
  }
}
