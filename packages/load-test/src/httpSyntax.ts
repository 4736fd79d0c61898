/**
 * The pieces of HTTP/1.1 syntax the client checks in what it sends and what it receives: tokens
 * (RFC 9110 `tchar`) and decimal lengths.
 */

/** 1 for the characters of an HTTP token (RFC 9110 `tchar`), by char code. */
const TCHAR = new Uint8Array(128)
for (const c of "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") {
  TCHAR[c.charCodeAt(0)] = 1
}

/** Whether `text[start, end)` is a non-empty token (a char-code table: a regex cost more here). */
export function isToken(text: string, start: number, end: number): boolean {
  if (end <= start) return false
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i)
    if (code > 127 || TCHAR[code] === 0) return false
  }
  return true
}

/** A non-empty run of decimal digits, as a `Content-Length` value is. */
export const digits = /^[0-9]+$/
