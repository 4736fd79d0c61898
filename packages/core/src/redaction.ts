import { dataDropped, invalidInput, type TelemetryError } from './errors.ts'
import { KEY_PLAIN, KEY_SECRET_NUMBER, type KeyClass, KeyDenyList } from './keyDenyList.ts'
import { setOwn } from './metrics/tagKey.ts'
import { StringRedactor, type ValuePattern } from './stringRedactor.ts'
import { dropRejection } from './thenable.ts'
import type { RedactOptions } from './types.ts'

export { keyWords } from './keyDenyList.ts'
export { REDACT_MAX_STRING_LENGTH } from './stringRedactor.ts'

/** Keys whose values are redacted by default, matched as whole words of a key (see {@link keyWords}). */
export const DEFAULT_REDACT_KEYS: readonly string[] = [
  'password',
  'passwd',
  'secret',
  'token',
  'api_key',
  'apikey',
  'authorization',
  'cookie',
  'set-cookie',
  'private_key',
  'access_key',
  'credentials',
  'ssn',
  'pwd',
  'passphrase',
  'pin',
  'cvv',
  'cvc',
]

/** Deepest nesting walked; deeper values become `[Truncated]`. */
export const REDACT_MAX_DEPTH = 12
/** Values visited per call; past this, values become `[Truncated]` and a drop is reported. */
export const REDACT_MAX_NODES = 10_000

const CIRCULAR = '[Circular]'
const TRUNCATED = '[Truncated]'

/**
 * Built-in value patterns, applied to every string. Each names what it finds, for tests and docs.
 * Order matters: JWTs before generic base64, bearer tokens before API keys.
 *
 * Every pattern runs in linear time: it starts with a lookbehind that rules out starting inside
 * a run of the characters it consumes (so a run is tried from its first character only, never
 * again from each later one), and its quantifiers are over disjoint character classes or bounded,
 * so a failed attempt cannot backtrack more than the run it read.
 */
export const BUILTIN_PATTERNS: ReadonlyArray<{
  name: string
  pattern: RegExp
  check?: (match: string) => boolean
}> = [
  { name: 'jwt', pattern: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g },
  { name: 'bearer', pattern: /(?<![A-Za-z0-9_])(?:Bearer|Basic)\s+[A-Za-z0-9\-._~+/]{8,}=*/gi },
  { name: 'openai_key', pattern: /(?<![A-Za-z0-9_])sk-(?:[a-z]+-)?[A-Za-z0-9_-]{20,}/g },
  { name: 'aws_access_key', pattern: /(?<![A-Za-z0-9_])(?:AKIA|ASIA)[0-9A-Z]{16}\b/g },
  { name: 'github_token', pattern: /(?<![A-Za-z0-9_])gh[pousr]_[A-Za-z0-9]{30,}\b/g },
  { name: 'slack_token', pattern: /(?<![A-Za-z0-9_])xox[abprs]-[A-Za-z0-9-]{10,}/g },
  { name: 'google_api_key', pattern: /(?<![A-Za-z0-9_])AIza[0-9A-Za-z_-]{35}\b/g },
  {
    name: 'email',
    pattern: /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b/g,
  },
  { name: 'card_number', pattern: /(?<![A-Za-z0-9_])\d(?:[ -]?\d){12,18}\b/g, check: luhn },
  // 48+ hex digits: longer than trace ids (32) and git SHA-1s (40), as long as SHA-256-sized keys.
  { name: 'hex_secret', pattern: /(?<![A-Za-z0-9_])[0-9a-fA-F]{48,}\b/g },
  // 40+ base64url characters mixing upper case, lower case and digits: keys and signed blobs.
  {
    name: 'base64_secret',
    pattern: /(?<![A-Za-z0-9+_-])[A-Za-z0-9+_-]{40,}={0,2}/g,
    check: (m) => /[A-Z]/.test(m) && /[a-z]/.test(m) && /[0-9]/.test(m),
  },
]

/** The Luhn checksum of the digits in `text`: true for plausible payment card numbers. */
export function luhn(text: string): boolean {
  let sum = 0
  let double = false
  let digits = 0
  for (let i = text.length - 1; i >= 0; i--) {
    const c = text.charCodeAt(i) - 48
    if (c < 0 || c > 9) continue
    digits++
    let d = c
    if (double) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
    double = !double
  }
  return digits >= 13 && digits <= 19 && sum % 10 === 0
}

/** A configured redactor: `redact(value)` returns a redacted deep copy. */
export type Redactor = <TValue>(value: TValue) => TValue

/**
 * Create a redactor. A key matches when a deny-list entry's words appear as consecutive words of
 * the key (`password` matches `db_password` and `userPassword`; `token` matches `access_token`
 * but not `input_tokens`). A matching key's value is replaced unless it is a number, boolean or
 * null (a `token_count` carries no secret), except under `pin`, `cvv`, `cvc` and `ssn`, where
 * numbers are the secret. Every string (keys included) is scanned for the value patterns, cut
 * to {@link REDACT_MAX_STRING_LENGTH} first; numbers that read as card numbers are replaced.
 * Cycles become `[Circular]`; depth and size are bounded. Never throws.
 */
export function createRedactor(
  options: RedactOptions | false | undefined,
  report: (error: TelemetryError) => void,
): Redactor {
  const safeReport = (error: TelemetryError) => {
    try {
      if (typeof report === 'function') dropRejection(report(error))
    } catch {
      // The caller's report hook failed; redaction goes on.
    }
  }
  try {
    return buildRedactor(options, safeReport)
  } catch (error) {
    // Options that cannot be read (a throwing Proxy or getter): the defaults, which always work.
    safeReport(
      invalidInput('redact: options could not be read; defaults used', {
        api: 'createRedactor',
        error,
      }),
    )
    return buildRedactor(undefined, safeReport)
  }
}

/** What a redactor applies to every value: built once from the options. */
export interface RedactPolicy {
  readonly replacement: string
  readonly keys: KeyDenyList
  readonly strings: StringRedactor
  /** Whether numbers that read as card numbers are replaced (with the built-in patterns only). */
  readonly cardNumbers: boolean
}

function buildRedactor(
  options: RedactOptions | false | undefined,
  report: (error: TelemetryError) => void,
): Redactor {
  if (options === false) return (value) => value
  const policy = readRedactPolicy(options ?? {}, report)
  return <TValue>(value: TValue): TValue => {
    const walk = new RedactWalk(policy)
    try {
      const result = walk.value(value, 0) as TValue
      if (walk.truncated) {
        report(
          dataDropped('redact: value too deep or too large; the rest was truncated', {
            source: 'redact',
            reason: 'too_large',
            max_depth: REDACT_MAX_DEPTH,
            max_nodes: REDACT_MAX_NODES,
          }),
        )
      }
      return result
    } catch (error) {
      report(dataDropped('redact: value could not be read and was dropped', { error }))
      return policy.replacement as TValue
    }
  }
}

/** The policy `opts` describe; throws when the options cannot be read (the caller falls back). */
export function readRedactPolicy(opts: RedactOptions, report: (error: TelemetryError) => void): RedactPolicy {
  const replacement = typeof opts.replacement === 'string' ? opts.replacement : '[REDACTED]'
  const keys = new KeyDenyList([...DEFAULT_REDACT_KEYS, ...(opts.keys ?? [])])
  const patterns: ValuePattern[] = [
    ...(opts.builtinPatterns === false ? [] : BUILTIN_PATTERNS),
    ...(opts.patterns ?? [])
      .filter((p): p is RegExp => p instanceof RegExp)
      .map((p) => ({ pattern: p.global ? p : new RegExp(p.source, `${p.flags}g`) })),
  ]
  return {
    replacement,
    keys,
    strings: new StringRedactor(patterns, replacement, report),
    cardNumbers: opts.builtinPatterns !== false,
  }
}

/** A number or bigint whose digits read as a payment card number (13-19 digits, Luhn). */
export function readsAsCardNumber(value: number | bigint): boolean {
  return (
    (typeof value === 'bigint' || Number.isSafeInteger(value)) &&
    value >= 1_000_000_000_000 &&
    luhn(String(value))
  )
}

/**
 * Whether the value under a key of class `secret` is replaced: secrets are, except numbers,
 * booleans, null and undefined, which carry none (a `token_count`); numbers are under
 * {@link KEY_SECRET_NUMBER} keys.
 */
export function replacesValue(secret: KeyClass, item: unknown): boolean {
  return (
    secret !== KEY_PLAIN &&
    item !== null &&
    item !== undefined &&
    typeof item !== 'boolean' &&
    (secret === KEY_SECRET_NUMBER || (typeof item !== 'number' && typeof item !== 'bigint'))
  )
}

/**
 * One redaction call's walk: a redacted deep copy of a value, within the depth and node bounds,
 * with cycles cut. `truncated` says whether a bound was hit.
 */
export class RedactWalk {
  truncated = false
  private budget = REDACT_MAX_NODES
  private readonly seen = new Set<object>()
  private readonly policy: RedactPolicy

  constructor(policy: RedactPolicy) {
    this.policy = policy
  }

  /** The redacted copy of `v`, found `depth` levels down. Throws when `v` cannot be read. */
  value(v: unknown, depth: number): unknown {
    const policy = this.policy
    if (typeof v === 'string') return policy.strings.redact(v)
    if (typeof v === 'number' || typeof v === 'bigint')
      return policy.cardNumbers && readsAsCardNumber(v) ? policy.replacement : v
    if (typeof v !== 'object' || v === null) return v
    if (--this.budget < 0 || depth > REDACT_MAX_DEPTH) {
      this.truncated = true
      return TRUNCATED
    }
    if (this.seen.has(v)) return CIRCULAR
    if (v instanceof Date || v instanceof RegExp || ArrayBuffer.isView(v)) return v
    this.seen.add(v)
    try {
      if (Array.isArray(v)) return v.map((item) => this.value(item, depth + 1))
      const out: Record<string, unknown> = {}
      if (v instanceof Error) {
        out.name = v.name
        out.message = policy.strings.redact(String(v.message))
      }
      for (const key of Object.keys(v)) {
        const item = (v as Record<string, unknown>)[key]
        const secret = policy.keys.classify(key)
        // Key first, then value: the order the string cache and truncation report see them in.
        const outKey = policy.strings.redact(key)
        setOwn(out, outKey, replacesValue(secret, item) ? policy.replacement : this.value(item, depth + 1))
      }
      return out
    } finally {
      this.seen.delete(v)
    }
  }
}
