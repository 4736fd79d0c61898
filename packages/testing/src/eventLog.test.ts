import { describe, expect, it } from 'vitest'
import { createEventLog } from './eventLog.ts'

describe('createEventLog', () => {
  it('says no events were seen until one is recorded, and numbers events from 1', () => {
    const log = createEventLog([])
    expect(log.describeSeen()).toBe('No events were seen.')
    expect(log.record('pool.checkout', { ms: 1 }, { pool: 'db' })).toBe(1)
    expect(log.record('pool.checkout', {}, {})).toBe(2)
    expect(log.total).toBe(2)
    expect(log.describeSeen()).toBe(
      [
        'Seen 2 events:',
        '  pool.checkout ×2',
        'Last 2:',
        '  #1 pool.checkout measurements { ms: 1 } metadata { pool: "db" }',
        '  #2 pool.checkout measurements {} metadata {}',
      ].join('\n'),
    )
  })

  it('counts the first 200 names one by one and totals the rest', () => {
    const log = createEventLog([])
    for (let i = 0; i < 203; i++) log.record(`name.n${i}`, {}, {})
    log.record('name.n0', {}, {})
    const seen = log.describeSeen()
    expect(seen).toContain('  name.n0 ×2')
    expect(seen).toContain('  name.n199 ×1')
    expect(seen).not.toContain('name.n200 ×')
    expect(seen).toContain('  … 3 more under other names')
  })

  it('lists only the last 10 events, oldest first', () => {
    const log = createEventLog([])
    for (let i = 1; i <= 12; i++) log.record('pool.checkout', { i }, {})
    const lines = log.describeSeen().split('\n')
    const last = lines.slice(lines.indexOf('Last 10:') + 1)
    expect(last).toHaveLength(10)
    expect(last[0]).toMatch(/^ {2}#3 pool\.checkout measurements \{ i: 3 \}/)
    expect(last[9]).toMatch(/^ {2}#12 /)
  })

  it('keeps what was seen even if the emitter mutates its objects later', () => {
    const log = createEventLog([{ event: 'pool.checkout', match: { metadata: { pool: 'db' } } }])
    const metadata = { pool: 'cache' }
    log.record('pool.checkout', {}, metadata)
    metadata.pool = 'db'
    expect(log.describeSeen()).toContain('metadata { pool: "cache" }')
    expect(log.closestSeq(0)).toBe(1)
    expect(log.bestIndex()).toBe(0)
    expect(log.describeClosest(0)).toContain('Closest: #1 pool.checkout')
  })
})
