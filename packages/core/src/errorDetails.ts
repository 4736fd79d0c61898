/** Frames kept in a reported stack trace. */
const MAX_FRAMES = 20
/** Characters kept in a reported stack trace. */
const MAX_STACK_LENGTH = 4096

/** What `.exception` events and span exception events say about an error. */
export interface ErrorDetails {
  /** The error's class name (`TypeError`), or the type of a non-error value thrown. */
  kind: string
  message: string
  /** The stack, bounded to 20 frames and 4 KB; empty when the value had none. */
  stacktrace: string
}

/** Describe any thrown value without throwing (getters on exotic errors are guarded). */
export function describeError(error: unknown): ErrorDetails {
  try {
    if (error instanceof Error) {
      return {
        kind: error.name || error.constructor?.name || 'Error',
        message: String(error.message),
        stacktrace: boundStack(error.stack),
      }
    }
    if (typeof error === 'object' && error !== null) {
      const e = error as { name?: unknown; message?: unknown; stack?: unknown }
      return {
        kind: typeof e.name === 'string' ? e.name : 'object',
        message: typeof e.message === 'string' ? e.message : safeString(error),
        stacktrace: boundStack(e.stack),
      }
    }
    return { kind: typeof error, message: safeString(error), stacktrace: '' }
  } catch {
    return { kind: 'unknown', message: 'unreadable error', stacktrace: '' }
  }
}

function safeString(value: unknown): string {
  try {
    return String(value).slice(0, MAX_STACK_LENGTH)
  } catch {
    return 'unprintable value'
  }
}

/** Keep the message line and the first 20 frames, within 4 KB. */
export function boundStack(stack: unknown): string {
  if (typeof stack !== 'string') return ''
  const lines = stack.split('\n', MAX_FRAMES + 1)
  const text = lines.join('\n')
  return text.length > MAX_STACK_LENGTH ? text.slice(0, MAX_STACK_LENGTH) : text
}
