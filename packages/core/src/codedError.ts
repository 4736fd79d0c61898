/**
 * The base of every typed error in the packages: a stable `code` users match on, and a
 * constructor that never throws, whatever the caller passed (errors are built on error paths, from
 * values that may be hostile: a `toString` that throws, a revoked proxy, a symbol).
 */

/**
 * The text of `value`, or `fallback` when it cannot be turned into a string. Never throws.
 *
 * @example
 * safeText({ toString() { throw new Error('no') } }, 'unreadable') // 'unreadable'
 */
export function safeText(value: unknown, fallback = '?'): string {
  try {
    return typeof value === 'string' ? value : String(value)
  } catch {
    return fallback
  }
}

/**
 * An `Error` with a stable machine-readable `code`. Subclasses set `name` and add their own
 * fields; the message and `cause` are read defensively, so building one never throws.
 *
 * @example
 * class QuotaError extends CodedError<'quota_exceeded'> {
 *   override readonly name = 'QuotaError'
 * }
 */
export class CodedError<Code extends string> extends Error {
  readonly code: Code

  constructor(code: Code, message: unknown, options?: { cause?: unknown }) {
    super(safeText(message, 'unreadable message'), causeOf(options))
    this.code = code
  }
}

function causeOf(options: unknown): { cause?: unknown } | undefined {
  try {
    return typeof options === 'object' && options !== null && 'cause' in options
      ? { cause: (options as { cause?: unknown }).cause }
      : undefined
  } catch {
    return undefined
  }
}
