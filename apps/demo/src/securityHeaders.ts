/**
 * The headers every demo response carries: no MIME sniffing, no framing, no referrer, and a
 * Content-Security-Policy that allows only the demo's own assets: scripts and styles served by
 * the demo itself (`'self'`), any inline block of the page by hash (so nothing injected can run),
 * and requests back to the demo itself.
 */
import { createHash } from 'node:crypto'

/** `sha256-...` sources for every `<tag>...</tag>` block of `html`. */
function inlineHashes(html: string, tag: 'script' | 'style'): string[] {
  const hashes: string[] = []
  const open = `<${tag}>`
  const close = `</${tag}>`
  for (let at = html.indexOf(open); at !== -1; at = html.indexOf(open, at + 1)) {
    const end = html.indexOf(close, at)
    if (end === -1) break
    const body = html.slice(at + open.length, end)
    hashes.push(`'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`)
  }
  return hashes
}

/** The security headers for a server whose only HTML page is `page`. */
export function securityHeaders(page: string): Readonly<Record<string, string>> {
  const scripts = inlineHashes(page, 'script')
  const styles = inlineHashes(page, 'style')
  const policy = [
    "default-src 'none'",
    `script-src ${["'self'", ...scripts].join(' ')}`,
    `style-src ${["'self'", ...styles].join(' ')}`,
    "connect-src 'self'",
    "img-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ')
  return {
    'content-security-policy': policy,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
  }
}
