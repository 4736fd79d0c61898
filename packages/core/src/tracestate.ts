/**
 * The W3C `tracestate` header: a list of `key=value` members, read under "keep what is valid".
 *
 * Grammar (Trace Context Level 2, which contains Level 1's):
 *   list        = list-member 0*31( OWS "," OWS list-member ), where a list-member may be empty
 *   key         = ( lcalpha / DIGIT ) 0*255( keychar )
 *   keychar     = lcalpha / DIGIT / "_" / "-" / "*" / "/" / "@"
 *   value       = 0*255( chr ) nblk-chr; chr = %x20 / nblk-chr; nblk-chr = %x21-2B / %x2D-3C / %x3E-7E
 * Level 1's `simple-key` (lcalpha first, up to 256) and `multi-tenant-key` (`tenant@system`, at most
 * 241 + 1 + 14 characters) are both keys of this grammar, so one check serves both levels.
 *
 * Processing (both levels): the receiver "MAY discard the entire header" when it cannot be
 * parsed, and "invalid tracestate entries MAY also be discarded". We take the second option, so
 * one odd member never costs the trace every other vendor's state:
 * - OWS (spaces and tabs only) around members is ignored; empty and whitespace-only members are
 *   allowed and dropped.
 * - A member that is not `key=value` under the grammar above is dropped.
 * - "Only one entry per key is allowed": a repeated key keeps its first (left-most, most recent)
 *   member and drops the later ones.
 * - At most 32 members: the ones after the 32nd valid member are dropped (truncation removes
 *   entries "starting from the end").
 * - Over 512 characters (commas included): entries longer than 128 characters are removed first,
 *   from the end, then entries from the end, until it fits.
 */

const MAX_MEMBERS = 32
const MAX_LENGTH = 512
const LARGE_MEMBER = 128
const KEY = /^[a-z0-9][a-z0-9_\-*/@]{0,255}$/
// printable ASCII except ',' and '=', the last one not a space
const VALUE = /^[\x20-\x2b\x2d-\x3c\x3e-\x7e]{0,255}[\x21-\x2b\x2d-\x3c\x3e-\x7e]$/

/** What {@link readTracestate} kept and how many members it dropped as invalid. */
export interface TracestateReading {
  /** The kept members joined by `,`; `undefined` when none was kept. */
  value: string | undefined
  /** Members dropped for their grammar or a repeated key (not counting limit truncation). */
  invalid: number
}

function isOws(code: number): boolean {
  return code === 0x20 || code === 0x09
}

/** `member` without the spaces and tabs around it (`String#trim` also strips newlines). */
function trimOws(member: string): string {
  let start = 0
  let end = member.length
  while (start < end && isOws(member.charCodeAt(start))) start++
  while (end > start && isOws(member.charCodeAt(end - 1))) end--
  return start === 0 && end === member.length ? member : member.slice(start, end)
}

/** Read a `tracestate` value, keeping every valid member. Never throws. */
export function readTracestate(value: unknown): TracestateReading {
  if (typeof value !== 'string') return { value: undefined, invalid: 0 }
  const members: string[] = []
  const keys = new Set<string>()
  let invalid = 0
  for (const raw of value.split(',')) {
    const member = trimOws(raw)
    if (member === '') continue
    const eq = member.indexOf('=')
    const key = eq > 0 ? member.slice(0, eq) : ''
    if (key === '' || !KEY.test(key) || !VALUE.test(member.slice(eq + 1)) || keys.has(key)) {
      invalid++
      continue
    }
    keys.add(key)
    if (members.length < MAX_MEMBERS) members.push(member)
  }
  return { value: join(truncate(members)), invalid }
}

function join(members: readonly string[]): string | undefined {
  return members.length === 0 ? undefined : members.join(',')
}

function lengthOf(members: readonly string[]): number {
  let length = members.length === 0 ? 0 : members.length - 1
  for (const member of members) length += member.length
  return length
}

/** Whole-member truncation to 512 characters: large members first, then from the end. */
function truncate(members: string[]): string[] {
  let length = lengthOf(members)
  for (let i = members.length - 1; i >= 0 && length > MAX_LENGTH; i--) {
    const member = members[i] as string
    if (member.length > LARGE_MEMBER) {
      members.splice(i, 1)
      length = lengthOf(members)
    }
  }
  while (length > MAX_LENGTH && members.length > 0) {
    members.pop()
    length = lengthOf(members)
  }
  return members
}

/**
 * Validate and normalise a `tracestate` value under the W3C "keep what is valid" rules: members
 * trimmed, empty, malformed and repeated-key members dropped, at most 32 members and 512
 * characters. Returns `undefined` when no valid member is left.
 *
 * @example
 * ```ts
 * parseTracestate('foo=1,foo=2, bar@=x ,BAD=1') // 'foo=1,bar@=x'
 * ```
 */
export function parseTracestate(value: unknown): string | undefined {
  return readTracestate(value).value
}
