/**
 * The error a malformed response throws: undici's `HTTPParserError` (codes `HPE_*`), so the
 * report's error categories stay what they were when undici parsed.
 */
import { errors } from 'undici'

/** undici's constructor takes `(message, code)`; its published types declare only the message. */
const ParserError = errors.HTTPParserError as unknown as new (message: string, code: string) => Error

/** An `HTTPParserError` saying why the response is not HTTP/1.1; `code` without its `HPE_` prefix. */
export function protocolError(reason: string, code: string): Error {
  return new ParserError(`Response does not match the HTTP/1.1 protocol (${reason})`, code)
}
