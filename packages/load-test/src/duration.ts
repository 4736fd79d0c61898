import { LoadTestConfigError } from './loadTestError.ts'

/** A duration: milliseconds as a number, or a string such as `'30s'`, `'1m30s'`, `'250ms'`, `'2h'`. */
export type Duration = number | string

const UNIT_MS: Readonly<Record<string, number>> = {
  us: 0.001,
  µs: 0.001,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
}
const PART = /(\d+(?:\.\d+)?)(us|µs|ms|s|m|h)/y

/**
 * Milliseconds in `value`, or undefined when it is not a duration. Strings are one or more
 * number-unit parts (`1h2m3.5s`); a bare number string is milliseconds. Negative and non-finite
 * values are rejected.
 */
export function durationMs(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined
  if (typeof value !== 'string') return undefined
  const text = value.trim()
  if (text === '') return undefined
  if (/^\d+(?:\.\d+)?$/.test(text)) return Number(text)
  let total = 0
  PART.lastIndex = 0
  while (PART.lastIndex < text.length) {
    const start = PART.lastIndex
    const match = PART.exec(text)
    if (match === null || match.index !== start) return undefined
    total += Number(match[1]) * UNIT_MS[match[2]!]!
  }
  return Number.isFinite(total) ? total : undefined
}

/** {@link durationMs}, throwing a {@link LoadTestConfigError} naming `field` when it is not one. */
export function parseDuration(value: unknown, field: string): number {
  const ms = durationMs(value)
  if (ms === undefined) {
    throw new LoadTestConfigError(
      field,
      `expected a duration such as '30s', '1m30s' or a number of ms, got ${JSON.stringify(value)}`,
    )
  }
  return ms
}

/** `1500` -> `'1.5s'`, for reports and progress lines. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms)
  if (ms < 1) return `${round(ms * 1000)}µs`
  if (ms < 1000) return `${round(ms)}ms`
  if (ms < 60_000) return `${round(ms / 1000)}s`
  const minutes = Math.floor(ms / 60_000)
  const seconds = Math.round((ms % 60_000) / 1000)
  return seconds === 0 ? `${minutes}m` : `${minutes}m${seconds}s`
}

function round(n: number): number {
  return n >= 100 ? Math.round(n) : Math.round(n * 100) / 100
}
