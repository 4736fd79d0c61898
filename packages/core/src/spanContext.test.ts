import { describe, expect, it } from 'vitest'
import { isSampled, validSpanContext } from './spanContext.ts'

const ids = { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16) }

describe('isSampled', () => {
  it('reads the sampled bit and ignores the other flag bits', () => {
    expect(isSampled({ ...ids, traceFlags: 1 })).toBe(true)
    expect(isSampled({ ...ids, traceFlags: 0x03 })).toBe(true)
    expect(isSampled({ ...ids, traceFlags: 0 })).toBe(false)
    expect(isSampled({ ...ids, traceFlags: 0x02 })).toBe(false)
  })

  it('answers false for a missing or unreadable context instead of throwing', () => {
    const revoked = Proxy.revocable({}, {})
    revoked.revoke()
    for (const bad of [undefined, null, revoked.proxy])
      expect(isSampled(bad as unknown as Parameters<typeof isSampled>[0])).toBe(false)
  })
})

describe('validSpanContext', () => {
  it('accepts valid ids with integer flags and rejects anything else', () => {
    expect(validSpanContext({ ...ids, traceFlags: 1 })).toEqual({ ...ids, traceFlags: 1 })
    for (const bad of [
      null,
      'x',
      { ...ids, traceFlags: 1.5 },
      { ...ids, traceId: '0'.repeat(32), traceFlags: 1 },
    ])
      expect(validSpanContext(bad)).toBeUndefined()
  })
})
