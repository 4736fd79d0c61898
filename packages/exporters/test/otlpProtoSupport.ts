/**
 * Test support: the official OpenTelemetry protobuf definitions, as the protobufjs static code
 * that `@opentelemetry/otlp-transformer` 0.52 generated from open-telemetry/opentelemetry-proto
 * (installed as the devDependency alias `otlp-proto-reference`; nothing is vendored here), and an
 * adapter from OpenTelemetry SDK spans to core's ReadableSpan.
 */
import { createRequire } from 'node:module'
import type { ReadableSpan } from '@foundation-telemetry/core'
import type { ReadableSpan as SdkReadableSpan } from '@opentelemetry/sdk-trace'

interface GeneratedType {
  decode(bytes: Uint8Array): unknown
  encode(message: unknown): { finish(): Uint8Array }
  fromObject(object: Record<string, unknown>): unknown
  toObject(message: unknown, options: Record<string, unknown>): unknown
}

const generated = createRequire(import.meta.url)(
  'otlp-proto-reference/build/src/generated/root.js',
) as Record<string, unknown>

/** The official OTLP message types, looked up by their full name (`opentelemetry.proto....`). */
export function otlpRoot(): { lookupType(typeName: string): GeneratedType } {
  return {
    lookupType(typeName) {
      let node: unknown = generated
      for (const part of typeName.replace(/^\./, '').split('.')) {
        node = (node as Record<string, unknown> | undefined)?.[part]
      }
      if (typeof (node as GeneratedType | undefined)?.decode !== 'function') {
        throw new Error(`no OTLP message type ${typeName} in the generated definitions`)
      }
      return node as GeneratedType
    },
  }
}

/** A decoded OTLP message: shape-checked by the assertions that read it. */
// biome-ignore lint/suspicious/noExplicitAny: decoded protobuf objects are navigated freely in tests
export type Decoded = any

/** Decode with an official message type into a plain object with every default filled in. */
export function decodeOtlp(typeName: string, bytes: Uint8Array): Decoded {
  const type = otlpRoot().lookupType(typeName)
  const message = type.decode(bytes)
  return type.toObject(message, {
    longs: String,
    bytes: String,
    defaults: true,
    arrays: true,
    enums: Number,
    oneofs: true,
  })
}

const hrToMs = (hr: readonly [number, number]) => hr[0] * 1000 + hr[1] / 1e6

/** The same span as core would hand a span processor. */
export function fromSdkSpan(span: SdkReadableSpan): ReadableSpan {
  const context = span.spanContext()
  const traceState = context.traceState?.serialize()
  const parent = span.parentSpanContext?.spanId
  return {
    name: span.name,
    kind: span.kind as ReadableSpan['kind'],
    spanContext: {
      traceId: context.traceId,
      spanId: context.spanId,
      traceFlags: context.traceFlags,
      ...(traceState ? { traceState } : {}),
    },
    ...(parent ? { parentSpanId: parent } : {}),
    startTime: hrToMs(span.startTime),
    endTime: hrToMs(span.endTime),
    duration: hrToMs(span.duration),
    attributes: span.attributes as ReadableSpan['attributes'],
    events: span.events.map((event) => ({
      name: event.name,
      time: hrToMs(event.time),
      attributes: (event.attributes ?? {}) as ReadableSpan['attributes'],
    })),
    links: span.links.map((link) => ({
      context: {
        traceId: link.context.traceId,
        spanId: link.context.spanId,
        traceFlags: link.context.traceFlags,
        ...(link.context.isRemote !== undefined ? { isRemote: link.context.isRemote } : {}),
      },
      attributes: (link.attributes ?? {}) as ReadableSpan['attributes'],
    })),
    status: span.status as ReadableSpan['status'],
    resource: span.resource.attributes as ReadableSpan['resource'],
    instrumentationScope: {
      name: span.instrumentationScope.name,
      ...(span.instrumentationScope.version ? { version: span.instrumentationScope.version } : {}),
    },
    droppedAttributesCount: span.droppedAttributesCount,
    droppedEventsCount: span.droppedEventsCount,
    droppedLinksCount: span.droppedLinksCount,
  }
}

/** Drop proto3 default values recursively so two encoders' JSON can be compared field by field. */
export function withoutDefaults(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutDefaults)
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [key, item] of Object.entries(value)) {
      const normalized = withoutDefaults(item)
      if (normalized === undefined || normalized === 0 || normalized === '' || normalized === false) continue
      if (Array.isArray(normalized) && normalized.length === 0) continue
      out[key] = normalized
    }
    return out
  }
  return value
}
