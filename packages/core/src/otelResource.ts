/**
 * A minimal OpenTelemetry `Resource` (the interface of `@opentelemetry/resources` 2.x and 3.x)
 * over our resource attributes, for spans and metrics handed to an OTel SDK pipeline.
 */
import type { Attributes } from './types.ts'

/** The parts of an OpenTelemetry `Resource` SDK processors and exporters read. */
export interface OtelResource {
  readonly attributes: Attributes
  readonly asyncAttributesPending?: boolean
  readonly schemaUrl?: string
  waitForAsyncAttributes?(): Promise<void>
  merge(other: OtelResource | null): OtelResource
  getRawAttributes(): Array<[string, unknown]>
}

/** An OpenTelemetry `Resource` holding `attributes` (copied; undefined values left out). */
export function otelResourceOf(attributes: Readonly<Attributes>): OtelResource {
  const own: Attributes = {}
  for (const key of Object.keys(attributes)) {
    const value = attributes[key]
    if (value !== undefined) own[key] = value
  }
  return {
    attributes: own,
    asyncAttributesPending: false,
    merge(other) {
      // The other resource's attributes win, as in the SDK.
      return other === null ? this : otelResourceOf({ ...own, ...other.attributes })
    },
    getRawAttributes: () => Object.entries(own),
  }
}
