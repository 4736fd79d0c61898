/** The typed error notifiers reject with, so the outbox knows whether and when to retry. */
import { CodedError, safeText } from '@foundation-telemetry/core'

/** Why a delivery failed. */
export const NotifierErrorCode = {
  /** Network error, 429 or 5xx: retried with backoff (or after `Retry-After`). */
  RETRYABLE: 'notifier_retryable',
  /** The receiver refused the payload (4xx other than 429): never retried. */
  REJECTED: 'notifier_rejected',
  /** The attempt took longer than the outbox timeout: retried. */
  TIMEOUT: 'notifier_timeout',
} as const
export type NotifierErrorCode = (typeof NotifierErrorCode)[keyof typeof NotifierErrorCode]

/** A failed delivery. Any other error a notifier throws is treated as retryable. */
export class NotifierError extends CodedError<NotifierErrorCode> {
  override readonly name = 'NotifierError'
  /** HTTP status, when there was a response. */
  readonly status: number | undefined
  /** The receiver's `Retry-After`, in ms from now. */
  readonly retryAfterMs: number | undefined

  constructor(
    code: NotifierErrorCode,
    message: string,
    options: { status?: number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    const read = readOptions(options)
    super(code, message === undefined ? '' : safeText(message, 'notifier error'), read.cause)
    this.status = read.status
    this.retryAfterMs = read.retryAfterMs
  }

  /** Whether the outbox should try again. */
  get retryable(): boolean {
    return this.code !== NotifierErrorCode.REJECTED
  }
}

/** The options as plain values; what cannot be read is left out (never throws). */
function readOptions(options: { status?: number; retryAfterMs?: number; cause?: unknown }): {
  status?: number | undefined
  retryAfterMs?: number | undefined
  cause?: { cause: unknown } | undefined
} {
  try {
    const { status, retryAfterMs, cause } = options ?? {}
    return {
      status: typeof status === 'number' ? status : undefined,
      retryAfterMs: typeof retryAfterMs === 'number' ? retryAfterMs : undefined,
      cause: cause === undefined ? undefined : { cause },
    }
  } catch {
    return {}
  }
}
