import { describe, expect, it } from 'vitest'
import { trappingObject, watchedRejection } from '../../../tooling/testing/hostile.ts'
import type { TelemetryError } from './errors.ts'
import { KEY_PLAIN, KEY_SECRET, KEY_SECRET_NUMBER } from './keyDenyList.ts'
import {
  createRedactor,
  keyWords,
  luhn,
  REDACT_MAX_DEPTH,
  REDACT_MAX_NODES,
  RedactWalk,
  readRedactPolicy,
  readsAsCardNumber,
  replacesValue,
} from './redaction.ts'

const R = '[REDACTED]'

function redactor(options?: Parameters<typeof createRedactor>[0]) {
  const errors: TelemetryError[] = []
  return { redact: createRedactor(options, (e) => errors.push(e)), errors }
}

describe('key deny-list', () => {
  const { redact } = redactor()

  it('replaces values under the default keys, case-insensitively and inside compound keys', () => {
    const input = {
      password: 'hunter2',
      DB_PASSWORD: 'x',
      userPassword: 'y',
      passwd: 'z',
      client_secret: 's',
      access_token: 't',
      refreshToken: 'r',
      api_key: 'k',
      apiKey: 'k',
      'x-api-key': 'k',
      ApiKey: 'k',
      Authorization: 'Basic abc',
      cookie: 'c',
      'Set-Cookie': 'c',
      private_key: 'p',
      awsAccessKey: 'a',
      credentials: { user: 'u', pass: 'p' },
      ssn: '078-05-1120',
    }
    const out = redact(input)
    for (const key of Object.keys(input)) expect(out[key as keyof typeof input], key).toBe(R)
  })

  it('keeps ordinary keys, token counts and numeric values under matching keys', () => {
    const input = {
      input_tokens: 1200,
      output_tokens: 300,
      max_tokens: 'unlimited',
      tokenizer: 'cl100k',
      token_count: 5,
      has_password: true,
      agent_id: 'agent-7',
      passage: 'a quoted passage',
      secretary: 'Ms. Smith',
    }
    expect(redact(input)).toEqual(input)
  })

  it('accepts extra keys as words or regular expressions', () => {
    const { redact: custom } = redactor({ keys: ['session_id', /^x-internal-/i] })
    expect(custom({ sessionId: 'abc', 'X-Internal-Route': 'r', route: 'r' })).toEqual({
      sessionId: R,
      'X-Internal-Route': R,
      route: 'r',
    })
  })

  it('splits keys into words', () => {
    expect(keyWords('userAPIKey')).toEqual(['user', 'api', 'key'])
    expect(keyWords('x-api-key')).toEqual(['x', 'api', 'key'])
    expect(keyWords('gen_ai.usage.input_tokens')).toEqual(['gen', 'ai', 'usage', 'input', 'tokens'])
  })
})

describe('value patterns', () => {
  const { redact } = redactor()
  const cases: Array<[string, string, string]> = [
    ['email', 'contact alice.smith+tag@example.co.uk today', `contact ${R} today`],
    ['bearer token', 'header Bearer abcdef123456.xyz-_ sent', `header ${R} sent`],
    ['OpenAI key', 'key=sk-proj-AbCdEfGhIjKlMnOpQrStUvWx12', `key=${R}`],
    ['Anthropic-style key', 'sk-ant-api03-AbCdEfGhIjKlMnOpQrSt', R],
    ['AWS access key id', 'AKIAIOSFODNN7EXAMPLE in config', `${R} in config`],
    ['GitHub token', 'ghp_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghij', R],
    ['Slack token', 'xoxb-1234567890-abcdefghij', R],
    ['Google API key', 'AIzaSyA1234567890abcdefghijklmnopqrstuv', R],
    [
      'JWT',
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
      R,
    ],
    ['Visa card with spaces', 'paid with 4111 1111 1111 1111 ok', `paid with ${R} ok`],
    ['Mastercard with dashes', '5555-5555-5555-4444', R],
    ['Amex', '378282246310005', R],
    ['long hex secret', `secret ${'a1b2c3d4'.repeat(8)}`, `secret ${R}`],
    ['long base64 secret', 'k: dGhpcyBpcyBhIHNlY3JldCBrZXkgZm9yIHRlc3RpbmcxMjM0NQ==', `k: ${R}`],
  ]
  for (const [name, input, expected] of cases) {
    it(`redacts a ${name}`, () => {
      expect(redact(input)).toBe(expected)
      expect(redact({ note: input })).toEqual({ note: expected })
    })
  }

  const negatives: Array<[string, string]> = [
    ['ordinary text', 'The agent completed 3 tasks in 1200 ms.'],
    ['a trace id', '0af7651916cd43dd8448eb211c80319c'],
    ['a span id', 'b7ad6b7169203331'],
    ['a git SHA-1', 'e83c5163316f89bfbde7d9ab23ca2e25604af290'],
    ['a UUID', '550e8400-e29b-41d4-a716-446655440000'],
    ['an event name', 'foundation_jido.coordination.auction.complete'],
    ['a metric name', 'foundation_jido_signal_dispatch_duration_seconds_bucket'],
    ['a number that fails Luhn', '4111 1111 1111 1112'],
    ['an epoch timestamp', '1700000000000'],
    ['a phone number', '+1 555 123 4567'],
    ['a file path', '/usr/lib/node_modules/@foundation-telemetry/core/dist/index.js'],
    ['a word with sk-', 'task-runner and disk-cache'],
  ]
  for (const [name, input] of negatives) {
    it(`keeps ${name}`, () => {
      expect(redact(input)).toBe(input)
    })
  }

  it('checks card numbers with Luhn', () => {
    expect(luhn('4111111111111111')).toBe(true)
    expect(luhn('4111111111111112')).toBe(false)
    expect(luhn('1234')).toBe(false)
  })

  it('applies extra patterns and can turn the built-ins off', () => {
    const { redact: custom } = redactor({
      patterns: [/order-\d+/],
      builtinPatterns: false,
      replacement: '***',
    })
    expect(custom('order-42 for bob@example.com')).toBe('*** for bob@example.com')
  })

  it('does nothing when redaction is off', () => {
    const value = { password: 'x' }
    expect(createRedactor(false, () => {})(value)).toBe(value)
  })
})

describe('structure', () => {
  it('walks nested objects and arrays without mutating the input', () => {
    const { redact } = redactor()
    const input = { user: { email: 'a@b.io', tags: ['ok', 'c@d.io'] }, list: [{ token: 'x' }] }
    const out = redact(input)
    expect(out).toEqual({ user: { email: R, tags: ['ok', R] }, list: [{ token: R }] })
    expect(input.user.email).toBe('a@b.io')
  })

  it('marks cycles instead of recursing forever, and keeps shared references', () => {
    const { redact } = redactor()
    const shared = { v: 1 }
    const node: Record<string, unknown> = { name: 'n', a: shared, b: shared }
    node.self = node
    expect(redact(node)).toEqual({ name: 'n', a: { v: 1 }, b: { v: 1 }, self: '[Circular]' })
  })

  it('bounds depth and reports the truncation once', () => {
    const { redact, errors } = redactor()
    let deep: Record<string, unknown> = { leaf: true }
    for (let i = 0; i < REDACT_MAX_DEPTH + 10; i++) deep = { next: deep }
    const out = JSON.stringify(redact(deep))
    expect(out).toContain('[Truncated]')
    expect(errors.map((e) => e.code)).toEqual(['data_dropped'])
  })

  it('bounds size', () => {
    const { redact, errors } = redactor()
    const wide = Array.from({ length: 20_000 }, (_, i) => ({ i }))
    const out = redact(wide)
    expect(out.filter((v) => (v as unknown) === '[Truncated]').length).toBeGreaterThan(0)
    expect(errors).toHaveLength(1)
  })

  it('turns errors into name and message, redacted', () => {
    const { redact } = redactor()
    expect(redact({ error: new Error('failed for bob@example.com') })).toEqual({
      error: { name: 'Error', message: `failed for ${R}` },
    })
  })

  it('never throws on hostile objects', () => {
    const { redact, errors } = redactor()
    const hostile = {}
    Object.defineProperty(hostile, 'boom', {
      enumerable: true,
      get() {
        throw new Error('getter')
      },
    })
    expect(() => redact(hostile)).not.toThrow()
    expect(errors).toHaveLength(1)
  })

  it('handles the rejection of an async report hook and reports nothing more', () => {
    const rejections: Array<{ handlers: unknown[] }> = []
    const report = () => {
      const rejection = watchedRejection(new Error('async hook failed'))
      rejections.push(rejection)
      return rejection.promise
    }
    createRedactor(trappingObject as never, report as never)
    expect(rejections.map((r) => r.handlers.length)).toEqual([1])
  })
})

describe('the pieces of a redactor', () => {
  it('readRedactPolicy: the default replacement and the built-in patterns and card check when unset', () => {
    const policy = readRedactPolicy({}, () => {})
    expect(policy.replacement).toBe(R)
    expect(policy.cardNumbers).toBe(true)
    expect(policy.keys.classify('password')).toBe(KEY_SECRET)
    expect(policy.strings.redact('mail bob@example.com')).toBe(`mail ${R}`)
  })

  it('readRedactPolicy: extra keys, extra patterns made global, and the built-ins off', () => {
    const policy = readRedactPolicy(
      { keys: ['session_id'], patterns: [/order-\d+/], builtinPatterns: false, replacement: '#' },
      () => {},
    )
    expect(policy.cardNumbers).toBe(false)
    expect(policy.keys.classify('sessionId')).toBe(KEY_SECRET)
    expect(policy.keys.classify('password')).toBe(KEY_SECRET)
    expect(policy.strings.redact('order-1 order-2 bob@example.com')).toBe('# # bob@example.com')
  })

  it('replacesValue: secrets except numbers, booleans and nothing; numbers too under numeric keys', () => {
    expect(replacesValue(KEY_PLAIN, 'x')).toBe(false)
    expect(replacesValue(KEY_SECRET, 'x')).toBe(true)
    expect(replacesValue(KEY_SECRET, { a: 1 })).toBe(true)
    for (const item of [1, 1n, true, null, undefined]) expect(replacesValue(KEY_SECRET, item)).toBe(false)
    expect(replacesValue(KEY_SECRET_NUMBER, 1234)).toBe(true)
    expect(replacesValue(KEY_SECRET_NUMBER, 1234n)).toBe(true)
    expect(replacesValue(KEY_SECRET_NUMBER, false)).toBe(false)
  })

  it('readsAsCardNumber: 13 to 19 digit safe integers and bigints that pass Luhn', () => {
    expect(readsAsCardNumber(4111111111111111)).toBe(true)
    expect(readsAsCardNumber(4111111111111111n)).toBe(true)
    expect(readsAsCardNumber(4111111111111112)).toBe(false)
    expect(readsAsCardNumber(1700000000000)).toBe(false)
    expect(readsAsCardNumber(4111.5)).toBe(false)
    expect(readsAsCardNumber(42)).toBe(false)
  })

  it('RedactWalk: copies within the node budget and says whether it truncated', () => {
    const policy = readRedactPolicy({}, () => {})
    const small = new RedactWalk(policy)
    expect(small.value({ a: [1, 'x'], token: 't' }, 0)).toEqual({ a: [1, 'x'], token: R })
    expect(small.truncated).toBe(false)
    const wide = new RedactWalk(policy)
    const out = wide.value(
      Array.from({ length: REDACT_MAX_NODES + 1 }, () => ({})),
      0,
    ) as unknown[]
    expect(wide.truncated).toBe(true)
    expect(out.at(-1)).toBe('[Truncated]')
    expect(out.at(-3)).toEqual({})
  })

  it('RedactWalk: throws what a getter throws, for the redactor to report', () => {
    const walk = new RedactWalk(readRedactPolicy({}, () => {}))
    const hostile = Object.defineProperty({}, 'boom', {
      enumerable: true,
      get() {
        throw new Error('getter')
      },
    })
    expect(() => walk.value(hostile, 0)).toThrow('getter')
  })
})
