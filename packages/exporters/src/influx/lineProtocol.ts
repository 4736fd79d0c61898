/**
 * InfluxDB line protocol: `measurement,tag=value field=1.5,count=3i 1700000000000000000`.
 * Escaping follows the protocol's rules per element: measurements escape commas and spaces; tag
 * keys, tag values and field keys also escape `=`; string field values escape `"` and `\`.
 * Newlines cannot be escaped anywhere, so they are replaced by spaces; a backslash is doubled
 * wherever it could otherwise join the character after it into an escape.
 */
import { toText } from '@foundation-telemetry/taxonomy'

/** A field value: a float, an integer (`3i`), a string or a boolean. */
export type FieldValue = { float: number } | { int: number } | string | boolean

/** One point. */
export interface Point {
  measurement: string
  /** Tag keys and values; empty values are omitted (the protocol has no empty tag value). */
  tags: Readonly<Record<string, string>>
  fields: Readonly<Record<string, FieldValue>>
  /** Epoch milliseconds (float); written in nanoseconds. */
  time: number
}

const NEWLINES = /[\r\n]/g
const MEASUREMENT = { backslash: /\\(?=[\\, ]|$)/g, special: /[, ]/g }
const KEY = { backslash: /\\(?=[\\,= ]|$)/g, special: /[,= ]/g }

/**
 * Escape `text` for one element: a backslash is doubled where it would otherwise escape what
 * follows it (a special character, another backslash, or the end), then special characters get
 * a backslash. Plain backslashes elsewhere stay as they are, which every reader keeps verbatim.
 */
function escapeWith(text: string, rules: { backslash: RegExp; special: RegExp }): string {
  return text
    .replace(NEWLINES, ' ')
    .replace(rules.backslash, '\\\\')
    .replace(rules.special, (c) => `\\${c}`)
}

/** A measurement name with commas, spaces and backslashes escaped. */
export function escapeMeasurement(name: string): string {
  if (typeof name !== 'string') return escapeMeasurement(toText(name))
  // A line starting with `#` is a comment, and readers differ on an escaped `#`: prefix `_`.
  const escaped = escapeWith(name, MEASUREMENT)
  return escaped.startsWith('#') ? `_${escaped}` : escaped
}

/** A tag key, tag value or field key with commas, `=`, spaces and backslashes escaped. */
export function escapeKey(text: string): string {
  if (typeof text !== 'string') return escapeKey(toText(text))
  return escapeWith(text, KEY)
}

/** A string field value, quoted, with `"` and `\` escaped. */
export function quoteString(text: string): string {
  if (typeof text !== 'string') return quoteString(toText(text))
  return `"${text.replace(NEWLINES, ' ').replace(/[\\"]/g, (c) => `\\${c}`)}"`
}

/** Nanoseconds since the epoch for epoch milliseconds, exact to the nanosecond without float overflow. */
export function nanoseconds(ms: number): string {
  try {
    return nanosecondsUnguarded(ms)
  } catch {
    // Not the data this helper takes (or data whose fields throw): a neutral result, never an exception.
    return '0'
  }
}

function nanosecondsUnguarded(ms: number): string {
  const whole = Math.floor(ms)
  const fraction = Math.round((ms - whole) * 1e6)
  return (BigInt(whole) * 1_000_000n + BigInt(fraction)).toString()
}

function fieldValue(value: FieldValue): string | undefined {
  if (typeof value === 'string') return quoteString(value)
  if (typeof value === 'boolean') return value ? 't' : 'f'
  if ('int' in value) return Number.isSafeInteger(value.int) ? `${value.int}i` : undefined
  // The protocol has no NaN or infinities: such a field is left out.
  return Number.isFinite(value.float) ? String(value.float) : undefined
}

/**
 * One point as a line, or undefined when it has no writable field. Tags are sorted by key, as
 * InfluxDB recommends for write performance.
 */
export function formatPoint(point: Point): string | undefined {
  try {
    return formatPointUnguarded(point)
  } catch {
    // Not the data this helper takes (or data whose fields throw): a neutral result, never an exception.
    return undefined
  }
}

function formatPointUnguarded(point: Point): string | undefined {
  const fields: string[] = []
  for (const key in point.fields) {
    const value = fieldValue(point.fields[key] as FieldValue)
    if (value !== undefined && key !== '') fields.push(`${escapeKey(key)}=${value}`)
  }
  if (fields.length === 0 || point.measurement === '') return undefined
  let line = escapeMeasurement(point.measurement)
  for (const key of Object.keys(point.tags).sort()) {
    const value = point.tags[key]
    if (key === '' || value === undefined || value === '') continue
    line += `,${escapeKey(key)}=${escapeKey(value)}`
  }
  return `${line} ${fields.join(',')} ${nanoseconds(point.time)}`
}
