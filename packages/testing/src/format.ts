/**
 * Readable rendering of values, expectations and key-by-key diffs for failure messages. Small
 * on purpose: failure messages must stay short enough to read in a terminal.
 */
import { type EventMatch, isAsymmetricMatcher, isPlainObject, matchValue } from './match.ts'

const MAX_STRING = 80
const MAX_KEYS = 12
const MAX_DEPTH = 3

/** Render any value on one line: strings quoted, predicates by source, matchers by name. */
export function formatValue(value: unknown, depth = 0): string {
  if (value === undefined) return 'undefined'
  if (value === null) return 'null'
  if (isAsymmetricMatcher(value)) return formatMatcher(value)
  switch (typeof value) {
    case 'string':
      return truncate(JSON.stringify(value), MAX_STRING)
    case 'number':
    case 'boolean':
      return String(value)
    case 'bigint':
      return `${value}n`
    case 'symbol':
      return value.toString()
    case 'function':
      return `predicate ${truncate(oneLine(describeFunction(value)), 100)}`
  }
  if (value instanceof RegExp) return String(value)
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString()
  if (value instanceof Error) return `${value.name}(${JSON.stringify(value.message)})`
  if (depth >= MAX_DEPTH) return Array.isArray(value) ? '[…]' : '{…}'
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_KEYS).map((item) => formatValue(item, depth + 1))
    if (value.length > MAX_KEYS) items.push(`… ${value.length - MAX_KEYS} more`)
    return `[${items.join(', ')}]`
  }
  const keys = Object.keys(value as object)
  if (keys.length === 0) return isPlainObject(value) ? '{}' : `${constructorName(value)} {}`
  const entries = keys
    .slice(0, MAX_KEYS)
    .map((key) => `${formatKey(key)}: ${formatValue((value as Record<string, unknown>)[key], depth + 1)}`)
  if (keys.length > MAX_KEYS) entries.push(`… ${keys.length - MAX_KEYS} more`)
  const prefix = isPlainObject(value) ? '' : `${constructorName(value)} `
  return `${prefix}{ ${entries.join(', ')} }`
}

/** Render an expectation: `measurements { ... }, metadata { name: "payments" }`, or `any measurements and metadata`. */
export function formatMatch(match: EventMatch | undefined): string {
  if (!match) return 'any measurements and metadata'
  const parts: string[] = []
  if (match.measurements !== undefined) parts.push(`measurements ${formatValue(match.measurements)}`)
  if (match.metadata !== undefined) parts.push(`metadata ${formatValue(match.metadata)}`)
  return parts.length === 0 ? 'any measurements and metadata' : parts.join(', ')
}

/** One key where the received event differs from the expectation. */
export interface Mismatch {
  /** Dotted path from the event: `metadata.to`, `measurements.duration`, `event`. */
  path: string
  expected: unknown
  received: unknown
}

/** Key-by-key differences between `match` and an event, leaf first (nested plain objects recurse). */
export function diffEvent(
  match: EventMatch | undefined,
  measurements: unknown,
  metadata: unknown,
  limit = 20,
): Mismatch[] {
  const out: Mismatch[] = []
  if (!match) return out
  if (match.measurements !== undefined)
    diffValue('measurements', match.measurements, measurements, out, limit)
  if (match.metadata !== undefined) diffValue('metadata', match.metadata, metadata, out, limit)
  return out
}

function diffValue(path: string, expected: unknown, actual: unknown, out: Mismatch[], limit: number): void {
  if (out.length >= limit) return
  if (isPlainObject(expected) && actual !== null && typeof actual === 'object' && !Array.isArray(actual)) {
    for (const key of Object.keys(expected)) {
      diffValue(`${path}.${key}`, expected[key], (actual as Record<string, unknown>)[key], out, limit)
    }
    return
  }
  if (!matchValue(expected, actual)) out.push({ path, expected, received: actual })
}

/** Render mismatches as aligned `path: expected X, received Y` lines. */
export function formatMismatches(mismatches: readonly Mismatch[], indent = '    '): string {
  if (mismatches.length === 0) return `${indent}(every expected key matches)`
  const width = Math.min(40, Math.max(...mismatches.map((m) => m.path.length)))
  return mismatches
    .map(
      (m) =>
        `${indent}${m.path.padEnd(width)}  expected ${formatValue(m.expected)}, received ${formatValue(m.received)}`,
    )
    .join('\n')
}

function formatMatcher(matcher: object): string {
  const described = matcher as { toAsymmetricMatcher?: () => string; toString: () => string }
  try {
    if (typeof described.toAsymmetricMatcher === 'function') return described.toAsymmetricMatcher()
    const text = described.toString()
    if (text && text !== '[object Object]') return text
  } catch {
    // A matcher whose description throws is still a matcher; fall through to its class name.
  }
  return `${constructorName(matcher)}()`
}

/**
 * `predicate`, printed as `description()` in failure messages (which otherwise print a predicate
 * by its source).
 */
export function describedAs<TPredicate extends Function>(
  predicate: TPredicate,
  description: () => string,
): TPredicate {
  Object.defineProperty(predicate, 'toString', { value: description })
  return predicate
}

function describeFunction(fn: Function): string {
  // A helper gives its predicate a readable description with describedAs.
  return Object.hasOwn(fn, 'toString') ? String(fn.toString()) : Function.prototype.toString.call(fn)
}

function formatKey(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key)
}

function constructorName(value: unknown): string {
  const ctor = (value as { constructor?: { name?: string } }).constructor
  return ctor?.name || 'Object'
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ')
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}
