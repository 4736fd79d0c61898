import { describe, expect, it } from 'vitest'
import { ClosestEvents, scoreName } from './closestEvents.ts'
import { snapshotEvent } from './observe.ts'

function consider(closest: ClosestEvents, seq: number, event: string, metadata: Record<string, unknown>) {
  closest.consider(seq, snapshotEvent(event, {}, metadata), {}, metadata as never)
}

describe('scoreName', () => {
  it('scores a covered name highest, else by the leading segments shared, 0 when unrelated', () => {
    expect(scoreName('pool.checkout', 'pool.checkout')).toBe(1000)
    expect(scoreName('pool.*', 'pool.checkout')).toBe(1000)
    expect(scoreName('pool.checkout.start', 'pool.checkout.stop')).toBe(2)
    expect(scoreName('pool.checkout', 'agent.registered')).toBe(0)
  })
})

describe('ClosestEvents', () => {
  it('keeps, per expectation, the same-named event with the fewest differing keys', () => {
    const closest = new ClosestEvents([
      { event: 'pool.checkout', match: { metadata: { pool: 'db', ok: true } } },
    ])
    consider(closest, 1, 'pool.checkout', { pool: 'cache', ok: false })
    consider(closest, 2, 'pool.checkout', { pool: 'db', ok: false })
    consider(closest, 3, 'pool.checkout', { pool: 'cache', ok: false })
    expect(closest.seqOf(0)).toBe(2)
    expect(closest.describe(0)).toMatch(/^Closest: #2 pool\.checkout \(expected vs received\):\n/)
  })

  it('prefers a same-named event over a nearer prefix, and ignores unrelated names', () => {
    const closest = new ClosestEvents([{ event: 'pool.checkout.stop' }])
    consider(closest, 1, 'agent.registered', {})
    expect(closest.seqOf(0)).toBeUndefined()
    expect(closest.describe(0)).toBe('No event with that name or a similar prefix was seen.')
    consider(closest, 2, 'pool.checkout.start', {})
    expect(closest.describe(0)).toContain('expected "pool.checkout.stop", received "pool.checkout.start"')
    consider(closest, 3, 'pool.checkout.stop', {})
    consider(closest, 4, 'pool.checkout.start', {})
    expect(closest.seqOf(0)).toBe(3)
  })

  it('bestIndex picks the expectation with the closest candidate, the first on a tie', () => {
    const closest = new ClosestEvents([
      { event: 'agent.registered' },
      { event: 'pool.checkout', match: { metadata: { pool: 'db' } } },
      { event: 'pool.checkin' },
    ])
    expect(closest.bestIndex()).toBe(0)
    consider(closest, 1, 'pool.checkout', { pool: 'cache' })
    expect(closest.bestIndex()).toBe(1)
    consider(closest, 2, 'pool.checkin', {})
    expect(closest.bestIndex()).toBe(2)
    consider(closest, 3, 'pool.checkout', { pool: 'db' })
    expect(closest.bestIndex()).toBe(1)
  })
})
