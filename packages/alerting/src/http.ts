/**
 * The one HTTP path every notifier posts through: JSON over `fetch`, with the status classified
 * the way the receivers document it: 2xx delivered; 429 and 5xx retried (honouring `Retry-After`,
 * seconds or an HTTP date); other 4xx refused for good; network errors retried.
 */
import { parseRetryAfter } from '@foundation-telemetry/core'
import { NotifierError, NotifierErrorCode } from './notifierError.ts'

/** Options shared by the HTTP notifiers. */
export interface HttpOptions {
  /** Extra request headers (authorization, say). */
  headers?: Readonly<Record<string, string>>
  /** The fetch to use. Defaults to the global one. */
  fetch?: typeof globalThis.fetch
}

/** POST `body` as JSON; resolves on 2xx, rejects with a {@link NotifierError} otherwise. */
export async function postJson(
  url: string,
  body: unknown,
  signal: AbortSignal,
  options: HttpOptions = {},
  now: () => number = Date.now,
): Promise<void> {
  const doFetch = options.fetch ?? globalThis.fetch
  let response: Response
  try {
    response = await doFetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...options.headers },
      body: JSON.stringify(body),
      signal,
    })
  } catch (error) {
    throw new NotifierError(NotifierErrorCode.RETRYABLE, `POST ${url} failed: ${describe(error)}`, {
      cause: error,
    })
  }
  // Read the body either way so the connection is released.
  let text = ''
  try {
    text = await response.text()
  } catch {
    // A body cut short does not change the verdict of the status line.
  }
  if (response.ok) return
  const status = response.status
  const detail = text.length > 300 ? `${text.slice(0, 300)}...` : text
  if (status === 429 || status >= 500) {
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now())
    throw new NotifierError(NotifierErrorCode.RETRYABLE, `POST ${url}: ${status} ${detail}`, {
      status,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    })
  }
  throw new NotifierError(NotifierErrorCode.REJECTED, `POST ${url}: ${status} ${detail}`, { status })
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: unknown }).cause
    return cause instanceof Error ? `${error.message} (${cause.message})` : error.message
  }
  return String(error)
}
