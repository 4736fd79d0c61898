/**
 * The text form of any value, never throwing: strings as they are, anything else through
 * `String` (an object whose `toString` throws reads as `''`). The name and unit helpers here and
 * in the exporters use it for input that is not a string.
 *
 * @example
 * toText(42) // '42'
 * toText(Symbol('s')) // 'Symbol(s)'
 */
export function toText(value: unknown): string {
  if (typeof value === 'string') return value
  try {
    return String(value)
  } catch {
    return ''
  }
}
