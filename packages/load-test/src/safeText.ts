/**
 * Text of a value that may come from outside the types (symbols, objects whose `toString` throws,
 * revoked proxies): error constructors and report renderers use it so they never throw.
 */
export function safeText(value: unknown, fallback = '?'): string {
  try {
    return typeof value === 'string' ? value : String(value)
  } catch {
    return fallback
  }
}

/** The message of a caught error that may itself be hostile. */
export function messageOf(error: unknown): string {
  try {
    return safeText((error as Error)?.message ?? error)
  } catch {
    return 'unreadable error'
  }
}
