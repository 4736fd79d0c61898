/**
 * The key half of redaction: which object keys hold secrets. A key matches when a deny-list
 * entry's words appear as consecutive words of the key (`password` matches `db_password` and
 * `userPassword`; `token` matches `access_token` but not `input_tokens`), or when a regular
 * expression entry matches it.
 */

import { BoundedCache } from './boundedCache.ts'

/** Keys whose values are secrets even when they are numbers (a PIN, a card security code). */
const NUMERIC_SECRET_WORDS: ReadonlySet<string> = new Set(['pin', 'cvv', 'cvc', 'ssn'])

/** Characters of a key read for the key deny-list; keys are names, not data. */
const MAX_KEY_LENGTH = 256
/** Keys classified before the cache starts over (keys repeat: they are field names). */
const KEY_CACHE_SIZE = 10_000

/** A key that holds no secret. */
export const KEY_PLAIN = 0
/** A key whose value is a secret unless it is a number, boolean or null (`token_count`). */
export const KEY_SECRET = 1
/** A key whose value is a secret even as a number (`pin`, `cvv`, `cvc`, `ssn`). */
export const KEY_SECRET_NUMBER = 2
/** What {@link KeyDenyList.classify} says of a key. */
export type KeyClass = typeof KEY_PLAIN | typeof KEY_SECRET | typeof KEY_SECRET_NUMBER

/** `key`, cut to the length the deny-list reads. */
function boundedKey(key: string): string {
  return key.length > MAX_KEY_LENGTH ? key.slice(0, MAX_KEY_LENGTH) : key
}

/**
 * Split a key into lower-case words at `_`, `-`, `.`, spaces and camelCase boundaries:
 * `userAPIKey` -> `user api key`, `x-api-key` -> `x api key`.
 */
export function keyWords(key: string): string[] {
  // Bounded: the camelCase split backtracks over runs of capitals, so a huge key would cost
  // quadratic time; no credential name is this long.
  return boundedKey(key)
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '')
}

/** Whether `run` appears in `words` as consecutive words. */
export function containsRun(words: readonly string[], run: readonly string[]): boolean {
  outer: for (let i = 0; i + run.length <= words.length; i++) {
    for (let j = 0; j < run.length; j++) if (words[i + j] !== run[j]) continue outer
    return true
  }
  return false
}

/**
 * A compiled key deny-list: entries that are strings match by words, regular expressions match
 * the key as written; other entries are ignored. Answers are cached per key.
 *
 * @example
 * const keys = new KeyDenyList(['password', /^x-internal-/i])
 * keys.classify('db_password') // KEY_SECRET
 */
export class KeyDenyList {
  private readonly wordRuns: string[][] = []
  private readonly patterns: RegExp[] = []
  private readonly cache = new BoundedCache<string, KeyClass>(KEY_CACHE_SIZE)

  constructor(entries: readonly unknown[]) {
    for (const entry of entries) {
      if (typeof entry === 'string') {
        const words = keyWords(entry)
        if (words.length > 0) this.wordRuns.push(words)
        // `apikey` also matches `apiKey` split as two words.
        if (words.length > 1) this.wordRuns.push([words.join('')])
      } else if (entry instanceof RegExp) this.patterns.push(entry)
    }
  }

  /** How secret the value under `key` is. */
  classify(key: string): KeyClass {
    let hit = this.cache.get(key)
    if (hit !== undefined) return hit
    const words = keyWords(key)
    hit = !this.matches(key, words)
      ? KEY_PLAIN
      : words.some((w) => NUMERIC_SECRET_WORDS.has(w))
        ? KEY_SECRET_NUMBER
        : KEY_SECRET
    return this.cache.set(key, hit)
  }

  private matches(key: string, words: readonly string[]): boolean {
    const joined = words.join('')
    return (
      this.wordRuns.some((run) => containsRun(words, run) || (run.length === 1 && joined === run[0])) ||
      this.patterns.some((p) => {
        p.lastIndex = 0
        return p.test(boundedKey(key))
      })
    )
  }
}
