/**
 * The string half of redaction: every string (values and keys) is scanned for value patterns,
 * and each match a pattern's check accepts is replaced. Work per string is bounded and short
 * strings' answers are cached.
 */
import { BoundedCache } from './boundedCache.ts'
import { dataDropped, type TelemetryError } from './errors.ts'

/**
 * Characters of one string scanned; the rest is cut before matching and replaced by
 * `...[truncated N chars]`, so redaction work per string is bounded whatever the input.
 */
export const REDACT_MAX_STRING_LENGTH = 32_768
/** Strings up to this length have their redacted form cached (names and tag values repeat). */
const CACHED_STRING_LENGTH = 256
const STRING_CACHE_SIZE = 10_000
/** Strings shorter than this hold no secret any pattern finds; they are passed as they are. */
const MIN_SCANNED_LENGTH = 6

/** A value pattern: a global regular expression, and optionally a check each match must pass. */
export interface ValuePattern {
  readonly pattern: RegExp
  readonly check?: ((match: string) => boolean) | undefined
}

/**
 * Redacts strings against a list of value patterns, in order. Never throws on its own account;
 * the first string cut for length is reported through `report`, once per redactor.
 *
 * @example
 * const strings = new StringRedactor([{ pattern: /sk-\w+/g }], '[REDACTED]', onError)
 * strings.redact('key sk-abc123') // 'key [REDACTED]'
 */
export class StringRedactor {
  private readonly cache = new BoundedCache<string, string>(STRING_CACHE_SIZE)
  private truncationNoticed = false
  private readonly patterns: readonly ValuePattern[]
  private readonly replacement: string
  private readonly report: (error: TelemetryError) => void

  constructor(
    patterns: readonly ValuePattern[],
    replacement: string,
    report: (error: TelemetryError) => void,
  ) {
    this.patterns = patterns
    this.replacement = replacement
    this.report = report
  }

  /** `text` with every pattern match replaced, cut to {@link REDACT_MAX_STRING_LENGTH} first. */
  redact(text: string): string {
    if (text.length < MIN_SCANNED_LENGTH) return text
    if (text.length <= CACHED_STRING_LENGTH) {
      return this.cache.get(text) ?? this.cache.set(text, this.scan(text))
    }
    if (text.length <= REDACT_MAX_STRING_LENGTH) return this.scan(text)
    this.noticeTruncation()
    const cut = text.slice(0, REDACT_MAX_STRING_LENGTH)
    return `${this.scan(cut)}...[truncated ${text.length - REDACT_MAX_STRING_LENGTH} chars]`
  }

  /** `text` with every pattern match replaced; no cache, no bound. */
  scan(text: string): string {
    let out = text
    for (const { pattern, check } of this.patterns) {
      pattern.lastIndex = 0
      if (!pattern.test(out)) continue
      pattern.lastIndex = 0
      out = out.replace(pattern, (match) => (check === undefined || check(match) ? this.replacement : match))
    }
    return out
  }

  private noticeTruncation(): void {
    if (this.truncationNoticed) return
    this.truncationNoticed = true
    this.report(
      dataDropped(`redact: a string longer than ${REDACT_MAX_STRING_LENGTH} characters was truncated`, {
        source: 'redact',
        reason: 'string_too_long',
        limit: REDACT_MAX_STRING_LENGTH,
      }),
    )
  }
}
