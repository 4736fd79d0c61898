/** A value as text for the public unit and name helpers: strings as they are, anything else through `String`, never throwing. */
export function toText(value: unknown): string {
  if (typeof value === 'string') return value
  try {
    return String(value)
  } catch {
    return ''
  }
}
