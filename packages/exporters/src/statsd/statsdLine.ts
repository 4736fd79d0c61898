/**
 * StatsD and DogStatsD line format: `name:value|type|@rate|#tag:v,tag2`, with names and tags
 * sanitised so one bad input cannot corrupt a datagram shared with other lines.
 */

import { toText } from '@foundation-telemetry/taxonomy'
/** Metric types: counter, gauge, timing, histogram, distribution, set. */
export type StatsdType = 'c' | 'g' | 'ms' | 'h' | 'd' | 's'

/** `dogstatsd` adds tags and the `h`/`d` types; plain `statsd` (Etsy) has neither. */
export type StatsdDialect = 'dogstatsd' | 'statsd'

/** Types a sample rate applies to (`|@rate`); gauges and sets are never sampled. */
export const SAMPLED_TYPES: ReadonlySet<StatsdType> = new Set<StatsdType>(['c', 'ms', 'h', 'd'])

/**
 * Sanitise a metric name: ASCII letters, digits, `_` and `.` only (others become `_`), starting
 * with a letter (`m_` is prefixed otherwise).
 */
export function sanitizeName(name: string): string {
  if (typeof name !== 'string') return sanitizeName(toText(name))
  let out = name.replace(/[^A-Za-z0-9_.]/g, '_')
  if (!/^[A-Za-z]/.test(out)) out = `m_${out}`
  return out
}

/** Sanitise one tag key or value: the separators `|`, `,`, `#`, `:` (in keys) and newlines become `_`. */
export function sanitizeTagPart(part: string, isKey: boolean): string {
  return part.replace(isKey ? /[|,#:\n\r\s]/g : /[|,#\n\r]/g, '_')
}

/** Format tags as DogStatsD `#k:v,k2:v2` (without the `|#`); empty values give a bare key, empty keys are skipped. */
export function formatTags(tags: Readonly<Record<string, unknown>> | undefined): string {
  try {
    return formatTagsUnguarded(tags)
  } catch {
    // Not the data this helper takes (or data whose fields throw): an empty result, never an exception.
    return ''
  }
}

function formatTagsUnguarded(tags: Readonly<Record<string, unknown>> | undefined): string {
  if (!tags) return ''
  let out = ''
  for (const key in tags) {
    const value = tags[key]
    if (value === undefined || value === null || key === '') continue
    const text = String(value)
    const part =
      text === ''
        ? sanitizeTagPart(key, true)
        : `${sanitizeTagPart(key, true)}:${sanitizeTagPart(text, false)}`
    out = out === '' ? part : `${out},${part}`
  }
  return out
}

/**
 * One line (two for a negative gauge in plain StatsD: `0`, then the value), or undefined when the
 * value cannot be represented (NaN, infinities).
 */
export function formatLine(
  dialect: StatsdDialect,
  name: string,
  value: number | string,
  type: StatsdType,
  sampleRate: number,
  tags: string,
): string | undefined {
  try {
    return formatLineUnguarded(dialect, name, value, type, sampleRate, tags)
  } catch {
    // Not the data this helper takes (or data whose fields throw): an empty result, never an exception.
    return undefined
  }
}

function formatLineUnguarded(
  ...[dialect, name, value, type, sampleRate, tags]: Parameters<typeof formatLine>
): string | undefined {
  let text: string
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined
    text = String(value)
  } else {
    text = value.replace(/[|:\n\r]/g, '_')
  }
  const wireType = dialect === 'statsd' && (type === 'h' || type === 'd') ? 'ms' : type
  let line = `${name}:${text}|${wireType}`
  if (sampleRate < 1 && SAMPLED_TYPES.has(type)) line += `|@${sampleRate}`
  if (dialect === 'dogstatsd' && tags !== '') line += `|#${tags}`
  // Plain StatsD reads a signed gauge value as a change; to set a negative value, zero it first.
  if (dialect === 'statsd' && type === 'g' && typeof value === 'number' && value < 0) {
    return `${name}:0|g\n${line}`
  }
  return line
}
