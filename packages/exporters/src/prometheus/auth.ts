/**
 * Optional scrape authentication: a bearer token or HTTP basic credentials, compared in constant
 * time (SHA-256 digests of equal length through `timingSafeEqual`) so response timing does not
 * leak how much of a guess was right.
 */
import { createHash, timingSafeEqual } from 'node:crypto'

/** Credentials a scraper must present. */
export type PrometheusAuth =
  | {
      /** `Authorization: Bearer <token>` (Prometheus `authorization.credentials`). */
      bearer: string
    }
  | {
      /** `Authorization: Basic ...` (Prometheus `basic_auth`). */
      basic: { username: string; password: string }
    }

/** A compiled credential check. */
export interface AuthCheck {
  /** Whether an `Authorization` header value carries the expected credentials. */
  check(header: string | undefined): boolean
  /** The `WWW-Authenticate` value sent with a 401. */
  readonly challenge: string
}

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest()

/** Compile `auth` into a check; the expected header is hashed once, here. */
export function createAuthCheck(auth: PrometheusAuth): AuthCheck {
  const expected =
    'bearer' in auth
      ? digest('Bearer ' + auth.bearer)
      : digest(
          'Basic ' + Buffer.from(auth.basic.username + ':' + auth.basic.password, 'utf8').toString('base64'),
        )
  const scheme = 'bearer' in auth ? 'Bearer' : 'Basic'
  return {
    challenge: scheme === 'Bearer' ? 'Bearer realm="metrics"' : 'Basic realm="metrics", charset="UTF-8"',
    check(header) {
      if (header === undefined) return false
      // The scheme is case-insensitive (RFC 9110); normalise it before hashing the whole value.
      const space = header.indexOf(' ')
      if (space === -1 || header.slice(0, space).toLowerCase() !== scheme.toLowerCase()) return false
      return timingSafeEqual(digest(scheme + ' ' + header.slice(space + 1).trim()), expected)
    },
  }
}
