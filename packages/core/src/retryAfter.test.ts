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
  })

  it('gives undefined when the header is absent or unparseable', () => {
    expect(parseRetryAfter('soon', now)).toBeUndefined()
    expect(parseRetryAfter(undefined, now)).toBeUndefined()
    expect(parseRetryAfter(null, now)).toBeUndefined()
    expect(parseRetryAfter([], now)).toBeUndefined()
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
