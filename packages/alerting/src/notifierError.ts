/** The typed error notifiers reject with, so the outbox knows whether and when to retry. */
import { CodedError, readOptionKeys, safeText } from '@foundation-telemetry/core'

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

/** What a {@link NotifierError} carries besides its code and message. */
export interface NotifierErrorOptions {
  /** HTTP status, when there was a response. */
  status?: number
  /** The receiver's `Retry-After`, in ms from now. */
  retryAfterMs?: number
  cause?: unknown
}

const OPTION_KEYS = ['status', 'retryAfterMs', 'cause'] as const

/** A failed delivery. Any other error a notifier throws is treated as retryable. */
export class NotifierError extends CodedError<NotifierErrorCode> {
  override readonly name = 'NotifierError'
  /** HTTP status, when there was a response. */
  readonly status: number | undefined
  /** The receiver's `Retry-After`, in ms from now. */
  readonly retryAfterMs: number | undefined

  constructor(code: NotifierErrorCode, message: string, options: NotifierErrorOptions = {}) {
    const { status, retryAfterMs, cause } = readOptionKeys<NotifierErrorOptions>(options, OPTION_KEYS).options
    super(
      code,
      message === undefined ? '' : safeText(message, 'notifier error'),
      cause === undefined ? undefined : { cause },
    )
    this.status = typeof status === 'number' ? status : undefined
    this.retryAfterMs = typeof retryAfterMs === 'number' ? retryAfterMs : undefined
  }

  /** Whether the outbox should try again. */
  get retryable(): boolean {
    return this.code !== NotifierErrorCode.REJECTED
  }
}
