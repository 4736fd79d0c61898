import { describe, expect, it } from 'vitest'
import { buildProfile, mainElapsedAt, peakVUs } from './loadProfile.ts'

const closed = buildProfile({
  model: 'closed',
  start: 2,
  stages: [
    { durationMs: 5000, target: 10 },
    { durationMs: 5000, target: 4 },
  ],
  warmupMs: 1000,
  cooldownMs: 500,
})

describe('mainElapsedAt', () => {
  it('is 0 through warm-up, the ms into the main phase during it, and the main length after it', () => {
    const runStart = 300
    expect(mainElapsedAt(closed, runStart, 300)).toBe(0)
    expect(mainElapsedAt(closed, runStart, 1299)).toBe(0)
    expect(mainElapsedAt(closed, runStart, 1300)).toBe(0)
    expect(mainElapsedAt(closed, runStart, 4300)).toBe(3000)
    expect(mainElapsedAt(closed, runStart, 11_300)).toBe(10_000)
    expect(mainElapsedAt(closed, runStart, 50_000)).toBe(10_000)
  })
})

describe('peakVUs', () => {
  it('is the highest level of a closed profile, warm-up and cool-down included', () => {
    expect(peakVUs(closed)).toBe(10)
  })

  it('is 0 for a closed profile without segments', () => {
    const empty = buildProfile({ model: 'closed', start: 0, stages: [], warmupMs: 0, cooldownMs: 0 })
    expect(peakVUs(empty)).toBe(0)
  })

  it('is the most VUs an open profile may allocate, whatever its rate', () => {
    const open = buildProfile({
      model: 'open',
      start: 0.5,
      stages: [{ durationMs: 1000, target: 0.5 }],
      warmupMs: 0,
      cooldownMs: 0,
      preAllocatedVUs: 5,
      maxVUs: 40,
    })
    expect(peakVUs(open)).toBe(40)
  })
})
