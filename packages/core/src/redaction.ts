import { dataDropped, invalidInput, type TelemetryError } from './errors.ts'
import { setOwn } from './metrics/tagKey.ts'
import type { RedactOptions } from './types.ts'

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

/** Keys whose values are secrets even when they are numbers (a PIN, a card security code). */
const NUMERIC_SECRET_WORDS: ReadonlySet<string> = new Set(['pin', 'cvv', 'cvc', 'ssn'])

/** Deepest nesting walked; deeper values become `[Truncated]`. */
export const REDACT_MAX_DEPTH = 12
/** Values visited per call; past this, values become `[Truncated]` and a drop is reported. */
export const REDACT_MAX_NODES = 10_000
/**
 * Characters of one string scanned; the rest is cut before matching and replaced by
 * `...[truncated N chars]`, so redaction work per string is bounded whatever the input.
 */
export const REDACT_MAX_STRING_LENGTH = 32_768
/** Characters of a key read for the key deny-list; keys are names, not data. */
const MAX_KEY_LENGTH = 256
/** Strings up to this length have their redacted form cached (names and tag values repeat). */
const CACHED_STRING_LENGTH = 256
const STRING_CACHE_SIZE = 10_000

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

/**
 * Split a key into lower-case words at `_`, `-`, `.`, spaces and camelCase boundaries:
 * `userAPIKey` -> `user api key`, `x-api-key` -> `x api key`.
 */
export function keyWords(key: string): string[] {
  // Bounded: the camelCase split backtracks over runs of capitals, so a huge key would cost
  // quadratic time; no credential name is this long.
  return (key.length > MAX_KEY_LENGTH ? key.slice(0, MAX_KEY_LENGTH) : key)
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '')
}

function containsRun(words: readonly string[], run: readonly string[]): boolean {
  outer: for (let i = 0; i + run.length <= words.length; i++) {
    for (let j = 0; j < run.length; j++) if (words[i + j] !== run[j]) continue outer
    return true
  }
  return false
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
      if (typeof report === 'function') report(error)
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

function buildRedactor(
  options: RedactOptions | false | undefined,
  report: (error: TelemetryError) => void,
): Redactor {
  if (options === false) return (value) => value
  const opts = options ?? {}
  const replacement = typeof opts.replacement === 'string' ? opts.replacement : '[REDACTED]'
  const wordRuns: string[][] = []
  const keyPatterns: RegExp[] = []
  for (const key of [...DEFAULT_REDACT_KEYS, ...(opts.keys ?? [])]) {
    if (typeof key === 'string') {
      const words = keyWords(key)
      if (words.length > 0) wordRuns.push(words)
      // `apikey` also matches `apiKey` split as two words.
      const joined = words.join('')
      if (words.length > 1) wordRuns.push([joined])
    } else if (key instanceof RegExp) keyPatterns.push(key)
  }
  const patterns: Array<{ pattern: RegExp; check?: (match: string) => boolean }> = [
    ...(opts.builtinPatterns === false ? [] : BUILTIN_PATTERNS),
    ...(opts.patterns ?? [])
      .filter((p): p is RegExp => p instanceof RegExp)
      .map((p) => ({ pattern: p.global ? p : new RegExp(p.source, `${p.flags}g`) })),
  ]
  const builtins = opts.builtinPatterns !== false
  // 0: not secret, 1: secret unless a number, 2: secret even as a number.
  const keyCache = new Map<string, 0 | 1 | 2>()
  const stringCache = new Map<string, string>()
  let truncationNoticed = false

  const keyClass = (key: string): 0 | 1 | 2 => {
    let hit = keyCache.get(key)
    if (hit !== undefined) return hit
    const words = keyWords(key)
    const joined = words.join('')
    const secret =
      wordRuns.some((run) => containsRun(words, run) || (run.length === 1 && joined === run[0])) ||
      keyPatterns.some((p) => {
        p.lastIndex = 0
        return p.test(key.length > MAX_KEY_LENGTH ? key.slice(0, MAX_KEY_LENGTH) : key)
      })
    hit = !secret ? 0 : words.some((w) => NUMERIC_SECRET_WORDS.has(w)) ? 2 : 1
    if (keyCache.size > STRING_CACHE_SIZE) keyCache.clear()
    keyCache.set(key, hit)
    return hit
  }

  const scan = (text: string): string => {
    let out = text
    for (const { pattern, check } of patterns) {
      pattern.lastIndex = 0
      if (!pattern.test(out)) continue
      pattern.lastIndex = 0
      out = out.replace(pattern, (match) => (check === undefined || check(match) ? replacement : match))
    }
    return out
  }

  const redactString = (text: string): string => {
    if (text.length < 6) return text
    if (text.length <= CACHED_STRING_LENGTH) {
      let cached = stringCache.get(text)
      if (cached === undefined) {
        cached = scan(text)
        if (stringCache.size >= STRING_CACHE_SIZE) stringCache.clear()
        stringCache.set(text, cached)
      }
      return cached
    }
    if (text.length <= REDACT_MAX_STRING_LENGTH) return scan(text)
    if (!truncationNoticed) {
      truncationNoticed = true
      report(
        dataDropped(`redact: a string longer than ${REDACT_MAX_STRING_LENGTH} characters was truncated`, {
          source: 'redact',
          reason: 'string_too_long',
          limit: REDACT_MAX_STRING_LENGTH,
        }),
      )
    }
    const cut = text.slice(0, REDACT_MAX_STRING_LENGTH)
    return `${scan(cut)}...[truncated ${text.length - REDACT_MAX_STRING_LENGTH} chars]`
  }

  /** A number or bigint whose digits read as a payment card number (13-19 digits, Luhn). */
  const isCardNumber = (value: number | bigint): boolean =>
    builtins &&
    (typeof value === 'bigint' || Number.isSafeInteger(value)) &&
    value >= 1_000_000_000_000 &&
    luhn(String(value))

  return <TValue>(value: TValue): TValue => {
    let budget = REDACT_MAX_NODES
    let truncated = false
    const seen = new Set<object>()

    const walk = (v: unknown, depth: number): unknown => {
      if (typeof v === 'string') return redactString(v)
      if (typeof v === 'number' || typeof v === 'bigint') return isCardNumber(v) ? replacement : v
      if (typeof v !== 'object' || v === null) return v
      if (--budget < 0 || depth > REDACT_MAX_DEPTH) {
        truncated = true
        return TRUNCATED
      }
      if (seen.has(v)) return CIRCULAR
      if (v instanceof Date || v instanceof RegExp || ArrayBuffer.isView(v)) return v
      seen.add(v)
      try {
        if (Array.isArray(v)) return v.map((item) => walk(item, depth + 1))
        const out: Record<string, unknown> = {}
        if (v instanceof Error) {
          out.name = v.name
          out.message = redactString(String(v.message))
        }
        for (const key of Object.keys(v)) {
          const item = (v as Record<string, unknown>)[key]
          const secret = keyClass(key)
          const replace =
            secret !== 0 &&
            item !== null &&
            item !== undefined &&
            typeof item !== 'boolean' &&
            (secret === 2 || (typeof item !== 'number' && typeof item !== 'bigint'))
          setOwn(out, redactString(key), replace ? replacement : walk(item, depth + 1))
        }
        return out
      } finally {
        seen.delete(v)
      }
    }

    try {
      const result = walk(value, 0) as TValue
      if (truncated) {
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
      return replacement as TValue
    }
  }
}
