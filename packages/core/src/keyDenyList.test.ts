import { describe, expect, it } from 'vitest'
import { containsRun, KEY_PLAIN, KEY_SECRET, KEY_SECRET_NUMBER, KeyDenyList } from './keyDenyList.ts'
import { keyWords } from './redaction.ts'

describe('KeyDenyList', () => {
  it('matches an entry whose words appear as consecutive words of the key', () => {
    const keys = new KeyDenyList(['password', 'api_key'])
    const secret = ['db_password', 'userPassword', 'x-api-key'].filter((k) => keys.classify(k) === KEY_SECRET)
    expect(secret).toHaveLength(3)
    expect(keys.classify('api_version_key')).toBe(KEY_PLAIN)
  })

  it('matches a multi-word entry written as one word too (apikey for api_key)', () => {
    const keys = new KeyDenyList(['api_key'])
    expect(keys.classify('APIKEY')).toBe(KEY_SECRET)
    expect(keys.classify('apikey_header')).toBe(KEY_SECRET)
  })

  it('matches whole words only: token is not input_tokens', () => {
    const keys = new KeyDenyList(['token'])
    expect(keys.classify('access_token')).toBe(KEY_SECRET)
    expect(keys.classify('input_tokens')).toBe(KEY_PLAIN)
  })

  it('marks keys whose numbers are secrets (pin, cvv, cvc, ssn) apart from other secrets', () => {
    const keys = new KeyDenyList(['pin', 'card_cvv', 'secret'])
    expect(keys.classify('user_pin')).toBe(KEY_SECRET_NUMBER)
    expect(keys.classify('cardCvv')).toBe(KEY_SECRET_NUMBER)
    expect(keys.classify('client_secret')).toBe(KEY_SECRET)
  })

  it('matches regular expression entries against the key as written, global ones included', () => {
    const keys = new KeyDenyList([/^x-internal-/i, /route/g])
    expect(keys.classify('X-Internal-Route')).toBe(KEY_SECRET)
    // A global pattern keeps lastIndex between tests; it is reset so the answer does not flip.
    expect(keys.classify('route_a')).toBe(KEY_SECRET)
    expect(keys.classify('route_b')).toBe(KEY_SECRET)
    expect(keys.classify('path')).toBe(KEY_PLAIN)
  })

  it('ignores entries that are neither strings nor regular expressions, and empty words', () => {
    const keys = new KeyDenyList([42, null, { password: true }, '', '--'])
    expect(keys.classify('password')).toBe(KEY_PLAIN)
    expect(keys.classify('anything')).toBe(KEY_PLAIN)
  })

  it('answers the same from its cache as on first sight', () => {
    const keys = new KeyDenyList(['token'])
    const first = ['refreshToken', 'tokenizer', 'token'].map((k) => keys.classify(k))
    const again = ['refreshToken', 'tokenizer', 'token'].map((k) => keys.classify(k))
    expect(again).toEqual(first)
    expect(first).toEqual([KEY_SECRET, KEY_PLAIN, KEY_SECRET])
  })

  it('reads only the first 256 characters of a key', () => {
    const keys = new KeyDenyList(['password', /tail$/])
    expect(keys.classify(`${'a_'.repeat(200)}password`)).toBe(KEY_PLAIN)
    expect(keys.classify(`password_${'b'.repeat(300)}_tail`)).toBe(KEY_SECRET)
    expect(keys.classify(`${'c'.repeat(300)}tail`)).toBe(KEY_PLAIN)
  })
})

describe('keyWords and containsRun', () => {
  it('splits camelCase, capitals runs and separators into lower-case words', () => {
    expect(keyWords('userAPIKey')).toEqual(['user', 'api', 'key'])
    expect(keyWords('Set-Cookie')).toEqual(['set', 'cookie'])
    expect(keyWords('__')).toEqual([])
  })

  it('finds a run of words only where they are consecutive', () => {
    expect(containsRun(['x', 'api', 'key'], ['api', 'key'])).toBe(true)
    expect(containsRun(['api', 'x', 'key'], ['api', 'key'])).toBe(false)
    expect(containsRun(['api'], ['api', 'key'])).toBe(false)
  })
})
