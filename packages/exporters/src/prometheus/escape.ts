/**
 * Escaping and number formatting shared by the Prometheus text 0.0.4 and OpenMetrics 1.0 writers.
 * Both formats are UTF-8, so anything not named here (non-ASCII included) passes through as is.
 */

const BACKSLASH = 0x5c
const DOUBLE_QUOTE = 0x22
const NEWLINE = 0x0a
const DECIMAL_POINT = 0x2e
const EXPONENT = 0x65
const MS_PER_SECOND = 1000

const helpNeedsEscape = /[\\\n]/
const labelNeedsEscape = /[\\\n"]/

/** Escape a HELP text: `\` and newline only (text 0.0.4). */
export function escapeHelp(text: string): string {
  if (!helpNeedsEscape.test(text)) return text
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')
}

/**
 * Escape a HELP text for OpenMetrics, which also escapes `"` (its HELP shares the label-value
 * escaping rules).
 */
export function escapeHelpOpenMetrics(text: string): string {
  return escapeLabelValue(text)
}

/** Escape a label value: `\`, `"` and newline. */
export function escapeLabelValue(value: string): string {
  if (!labelNeedsEscape.test(value)) return value
  let out = ''
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i)
    if (c === BACKSLASH) out += '\\\\'
    else if (c === DOUBLE_QUOTE) out += '\\"'
    else if (c === NEWLINE) out += '\\n'
    else out += value[i]
  }
  return out
}

/**
 * A sample value as both formats accept it: integers without `.0`, `+Inf`, `-Inf`, `NaN`, and
 * the shortest round-tripping decimal otherwise (what `String()` gives, which Go's parser reads).
 */
export function formatValue(value: number): string {
  if (value === Number.POSITIVE_INFINITY) return '+Inf'
  if (value === Number.NEGATIVE_INFINITY) return '-Inf'
  if (Number.isNaN(value)) return 'NaN'
  return String(value)
}

/**
 * The canonical float form OpenMetrics requires for `le` and `quantile`: always a decimal point
 * or exponent (`1.0`, `0.1`, `1e+21`), and `+Inf`/`-Inf`/`NaN`.
 */
export function formatCanonicalFloat(value: number): string {
  const s = formatValue(value)
  if (!Number.isFinite(value)) return s
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c === DECIMAL_POINT || c === EXPONENT) return s
  }
  return s + '.0'
}

/** Epoch milliseconds as OpenMetrics timestamp seconds (fractional). */
export function formatSeconds(epochMs: number): string {
  return formatValue(epochMs / MS_PER_SECOND)
}
