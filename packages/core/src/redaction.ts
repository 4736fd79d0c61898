import { TelemetryError, TelemetryErrorCode } from './errors.ts'
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
 */
export const BUILTIN_PATTERNS: ReadonlyArray<{
  name: string
  pattern: RegExp
  check?: (match: string) => boolean
}> = [
  { name: 'jwt', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g },
  { name: 'bearer', pattern: /\b(?:Bearer|Basic)\s+[A-Za-z0-9\-._~+/]{8,}=*/gi },
  { name: 'openai_key', pattern: /\bsk-(?:[a-z]+-)?[A-Za-z0-9_-]{20,}/g },
  { name: 'aws_access_key', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g },
  { name: 'github_token', pattern: /\bgh[pousr]_[A-Za-z0-9]{30,}\b/g },
  { name: 'slack_token', pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}/g },
  { name: 'google_api_key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/g },
  { name: 'email', pattern: /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b/g },
  { name: 'card_number', pattern: /\b\d(?:[ -]?\d){12,18}\b/g, check: luhn },
  // 48+ hex digits: longer than trace ids (32) and git SHA-1s (40), as long as SHA-256-sized keys.
  { name: 'hex_secret', pattern: /\b[0-9a-fA-F]{48,}\b/g },
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
  return key
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
 * null (a `token_count` carries no secret). Every string is scanned for the value patterns.
 * Cycles become `[Circular]`; depth and size are bounded. Never throws.
 */
export function createRedactor(
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
  const keyCache = new Map<string, boolean>()

  const isSecretKey = (key: string): boolean => {
    let hit = keyCache.get(key)
    if (hit !== undefined) return hit
    const words = keyWords(key)
    const joined = words.join('')
    hit =
      wordRuns.some((run) => containsRun(words, run) || (run.length === 1 && joined === run[0])) ||
      keyPatterns.some((p) => {
        p.lastIndex = 0
        return p.test(key)
      })
    if (keyCache.size > 10_000) keyCache.clear()
    keyCache.set(key, hit)
    return hit
  }

  const redactString = (text: string): string => {
    if (text.length < 6) return text
    let out = text
    for (const { pattern, check } of patterns) {
      pattern.lastIndex = 0
      if (!pattern.test(out)) continue
      pattern.lastIndex = 0
      out = out.replace(pattern, (match) => (check === undefined || check(match) ? replacement : match))
    }
    return out
  }

  return <TValue>(value: TValue): TValue => {
    let budget = REDACT_MAX_NODES
    let truncated = false
    const seen = new Set<object>()

    const walk = (v: unknown, depth: number): unknown => {
      if (typeof v === 'string') return redactString(v)
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
          out[key] =
            isSecretKey(key) &&
            item !== null &&
            item !== undefined &&
            typeof item !== 'number' &&
            typeof item !== 'boolean'
              ? replacement
              : walk(item, depth + 1)
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
          new TelemetryError(
            TelemetryErrorCode.DATA_DROPPED,
            'redact: value too deep or too large; the rest was truncated',
            {
              source: 'redact',
              reason: 'too_large',
              max_depth: REDACT_MAX_DEPTH,
              max_nodes: REDACT_MAX_NODES,
            },
          ),
        )
      }
      return result
    } catch (error) {
      report(
        new TelemetryError(
          TelemetryErrorCode.DATA_DROPPED,
          'redact: value could not be read and was dropped',
          { error },
        ),
      )
      return replacement as TValue
    }
  }
}
