/**
 * Redaction runs in linear time: every built-in pattern, on inputs built to make backtracking
 * patterns explode (runs of the characters each pattern consumes, near-misses repeated), at
 * 10 k, 100 k and 1 M characters. Growth is asserted loosely (a tenfold input may cost at most
 * 40 times as much, where quadratic costs 100 times), from the best of five runs, so machine
 * noise cannot fail it and a quadratic pattern cannot pass. Plus the redactor's size bound.
 */
import { BUILTIN_PATTERNS, createRedactor } from '@foundation-telemetry/core'
import { describe, expect, it } from 'vitest'

/** Units repeated to size: each is a near-miss for one or more patterns. */
const UNITS = [
  'a.', // email local part without @
  'a@', // email @ without domain
  'a@a.', // email domain without TLD
  '-a', // jwt / base64 / slack runs
  'eyJ-', // jwt start, never a segment
  'eyJaaaaaaaaa.', // jwt with one segment
  'sk-', // OpenAI key prefix
  'Bearer  ', // bearer with whitespace
  '1 ', // card digits with separators
  '1-', // card digits with dashes
  'ghp_', // GitHub prefix
  'xoxa-', // Slack prefix
  'AIza', // Google prefix
  'AKIA', // AWS prefix
  'a', // one long run (base64, hex)
  'aB1', // base64 mixed run
  'f', // hex run
  '0a', // hex/card mix
]

function bestOf3(fn: () => void): number {
  let best = Number.POSITIVE_INFINITY
  for (let i = 0; i < 5; i++) {
    const started = performance.now()
    fn()
    best = Math.min(best, performance.now() - started)
  }
  return best
}

function scan(pattern: RegExp, text: string): void {
  pattern.lastIndex = 0
  text.replace(pattern, '')
}

describe('linear-time redaction', () => {
  for (const { name, pattern } of BUILTIN_PATTERNS) {
    it(`${name}: 10 k, 100 k and 1 M characters of every near-miss grow linearly`, () => {
      const offenders: string[] = []
      for (const unit of UNITS) {
        const at = (size: number) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size) + '!'
        const t10k = bestOf3(() => scan(pattern, at(10_000)))
        const t100k = bestOf3(() => scan(pattern, at(100_000)))
        // Stop before 1 M when 100 k already shows superlinear growth: quadratic at 1 M takes minutes.
        if (t100k > 40 * t10k + 50) {
          offenders.push(`${JSON.stringify(unit)}: 10k ${t10k.toFixed(1)} ms, 100k ${t100k.toFixed(1)} ms`)
          continue
        }
        const t1m = bestOf3(() => scan(pattern, at(1_000_000)))
        // Slack for a loaded machine; a backtracking pattern costs seconds here, not milliseconds.
        if (t1m > 40 * t100k + 250) {
          offenders.push(`${JSON.stringify(unit)}: 100k ${t100k.toFixed(1)} ms, 1M ${t1m.toFixed(1)} ms`)
        }
      }
      expect(offenders).toEqual([])
    })
  }

  it('the redactor bounds every string: 1 M characters cost one bounded scan and say they were cut', () => {
    const redact = createRedactor(undefined, () => {})
    const out = redact({ note: 'a.'.repeat(500_000) })
    expect(out.note).toMatch(/\.\.\.\[truncated \d+ chars\]$/)
    expect(out.note.length).toBeLessThan(40_000)
  })
})
