import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseRetryAfter } from './retryAfter.ts'

const now = Date.UTC(2026, 0, 1)

describe('parseRetryAfter', () => {
  it('reads delay seconds and HTTP dates as ms from now, a past date as zero', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000)
    expect(parseRetryAfter(' 7 ', now)).toBe(7000)
    expect(parseRetryAfter(['3'], now)).toBe(3000)
    expect(parseRetryAfter(new Date(now + 9000).toUTCString(), now)).toBe(9000)
    expect(parseRetryAfter(new Date(now - 9000).toUTCString(), now)).toBe(0)
    // The two obsolete HTTP-date forms a receiver must still accept.
    expect(parseRetryAfter('Thursday, 01-Jan-26 00:00:09 GMT', now)).toBe(9000)
    expect(parseRetryAfter('Thu Jan  1 00:00:09 2026', now)).toBe(9000)
  })

  it('gives undefined when the header is absent or unparseable', () => {
    expect(parseRetryAfter('soon', now)).toBeUndefined()
    expect(parseRetryAfter(undefined, now)).toBeUndefined()
    expect(parseRetryAfter(null, now)).toBeUndefined()
    expect(parseRetryAfter([], now)).toBeUndefined()
    expect(parseRetryAfter('-5', now)).toBeUndefined()
    expect(parseRetryAfter('1.5', now)).toBeUndefined()
    const { proxy, revoke } = Proxy.revocable([] as string[], {})
    revoke()
    expect(parseRetryAfter(proxy, now)).toBeUndefined()
  })

  it('round-trips any whole number of seconds and is never negative', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 10_000_000 }),
        (seconds) => parseRetryAfter(String(seconds), now) === seconds * 1000,
      ),
    )
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 0, max: 2 ** 42 }), (header, at) => {
        const ms = parseRetryAfter(header, at)
        return ms === undefined || ms >= 0
      }),
    )
  })
})
