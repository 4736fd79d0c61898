/**
 * Redaction against hostile and forgotten inputs: bounded work per string, object keys and
 * numbers scanned too, more credential key names, own `__proto__` keys kept.
 */
import { describe, expect, it } from 'vitest'
import type { TelemetryError } from './errors.ts'
import { BUILTIN_PATTERNS, createRedactor, REDACT_MAX_STRING_LENGTH } from './redaction.ts'

const R = '[REDACTED]'

function redactor(options?: Parameters<typeof createRedactor>[0]) {
  const errors: TelemetryError[] = []
  return { redact: createRedactor(options, (e) => errors.push(e)), errors }
}

describe('redaction bounds', () => {
  it('truncates strings past the bound before matching, says so in the value, and reports once', () => {
    const { redact, errors } = redactor()
    const long = `${'x '.repeat(REDACT_MAX_STRING_LENGTH)} alice@example.com`
    const out = redact({ a: long, b: long })
    expect(out.a.length).toBeLessThan(REDACT_MAX_STRING_LENGTH + 64)
    expect(out.a).toMatch(/\.\.\.\[truncated \d+ chars\]$/)
    expect(out.a).not.toContain('alice@example.com')
    expect(errors.filter((e) => e.details.reason === 'string_too_long')).toHaveLength(1)
  })

  it('redacts a secret that sits inside the kept part of a long string', () => {
    const { redact } = redactor()
    const out = redact(`alice@example.com ${'y'.repeat(REDACT_MAX_STRING_LENGTH * 2)}`)
    expect(out.startsWith(`${R} `)).toBe(true)
  })

  it('anchors every built-in pattern at the start of a run (no restart at every character)', () => {
    for (const { name, pattern } of BUILTIN_PATTERNS) {
      expect(pattern.source, name).toMatch(/^\(\?<!/)
    }
  })

  it('stays fast on a 100 k character email-shaped input that used to backtrack quadratically', () => {
    const { redact } = redactor()
    const input = 'a.'.repeat(50_000)
    // Bounded and linear: one call over 100 k characters is one pass per pattern.
    expect(redact(input)).toContain('a.a.')
  })
})

describe('what redaction scans', () => {
  it('replaces values under pwd, passphrase and pin keys, numeric pins included', () => {
    const { redact } = redactor()
    const out = redact({ pwd: 'p', db_pwd: 'p', passphrase: 'p', pin: 1234, card_pin: '0000', spinner: 3 })
    expect(out).toEqual({ pwd: R, db_pwd: R, passphrase: R, pin: R, card_pin: R, spinner: 3 })
  })

  it('redacts card numbers given as numbers or bigints, and leaves ordinary numbers', () => {
    const { redact } = redactor()
    const out = redact({ card: 4111111111111111, big: 4111111111111111n, count: 1234567890123, n: 42 })
    expect(out).toEqual({ card: R, big: R, count: 1234567890123, n: 42 })
  })

  it('scans object keys: a secret used as a key is replaced in the key', () => {
    const { redact } = redactor()
    const out = redact({ 'alice@example.com': 1, ok: { 'sk-proj-abcdefghijklmnopqrstuvwx': 'v' } })
    expect(Object.keys(out)).toEqual([R, 'ok'])
    expect(Object.keys(out.ok)).toEqual([R])
  })

  it('keeps an own __proto__ key as an own key, redacted like any other', () => {
    const { redact } = redactor()
    const input = JSON.parse('{"__proto__":{"password":"x","note":"bob@example.com"},"a":1}')
    const out = redact(input) as Record<string, unknown>
    expect(Object.keys(out)).toEqual(['__proto__', 'a'])
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype)
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toEqual({ password: R, note: R })
  })

  it('gives the same answer from its cache as from a fresh scan', () => {
    const { redact } = redactor()
    for (let i = 0; i < 3; i++) {
      expect(redact('mail bob@example.com')).toBe(`mail ${R}`)
      expect(redact('plain words')).toBe('plain words')
    }
  })
})

describe('error reports', () => {
  it('reach onError and the telemetry.* event with secrets redacted, from the instance policy', async () => {
    const { createTelemetry } = await import('./telemetry.ts')
    const seen: TelemetryError[] = []
    const events: unknown[] = []
    const t = createTelemetry({ onError: (e) => seen.push(e), env: {} })
    // Error events only: other telemetry.* notes are in-process events like any other.
    t.attach('capture', ['telemetry.input.invalid', 'telemetry.handler.failure'], (_event, _m, metadata) =>
      events.push(metadata),
    )
    t.metrics.counter('c').add(-1, { who: 'bob@example.com' })
    t.recordMetric('sk-proj-abcdefghijklmnopqrstuvwx', Number.NaN)
    t.attach('boom', 'x.y', () => {
      throw new Error('failed for alice@example.com')
    })
    t.execute('x.y', {}, {})
    const text = JSON.stringify([seen.map((e) => [e.message, e.details, String(e.details.error)]), events])
    expect(seen.length).toBeGreaterThanOrEqual(2)
    expect(text).not.toContain('alice@example.com')
    expect(text).not.toContain('sk-proj-abcdefghijklmnopqrstuvwx')
  })

  it('are passed unchanged when redaction is off', async () => {
    const { createTelemetry } = await import('./telemetry.ts')
    const seen: TelemetryError[] = []
    const t = createTelemetry({ onError: (e) => seen.push(e), redact: false, env: {} })
    t.recordMetric('alice@example.com', Number.NaN)
    expect(seen.some((e) => e.message.includes('alice@example.com'))).toBe(true)
  })
})
