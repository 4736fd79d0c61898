import type { Attributes, ReadableSpan } from '@foundation-telemetry/core'

/** Fixed cost of a span record: ids, times, status, kind, the object headers. */
const SPAN_BASE = 320
const EVENT_BASE = 64
const LINK_BASE = 96

function valueBytes(value: unknown): number {
  if (typeof value === 'string') return 16 + value.length * 2
  if (typeof value === 'number') return 8
  if (typeof value === 'boolean') return 4
  if (Array.isArray(value)) {
    let n = 16
    for (const v of value) n += valueBytes(v)
    return n
  }
  return 8
}

function attributeBytes(attributes: Readonly<Attributes> | undefined): number {
  if (attributes === undefined) return 0
  let n = 0
  for (const key in attributes) n += 16 + key.length * 2 + valueBytes(attributes[key])
  return n
}

/**
 * An estimate of the memory a buffered span holds: strings at two bytes a character plus object
 * overheads. It bounds the tail sampler's buffer by size, so one huge trace cannot starve the
 * others, which a bound by trace count cannot do.
 */
export function estimateSpanBytes(span: ReadableSpan): number {
  let n = SPAN_BASE + span.name.length * 2 + attributeBytes(span.attributes)
  for (const e of span.events) n += EVENT_BASE + e.name.length * 2 + attributeBytes(e.attributes)
  for (const l of span.links) n += LINK_BASE + attributeBytes(l.attributes)
  if (span.status.message !== undefined) n += span.status.message.length * 2
  return n
}
