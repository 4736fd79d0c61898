import { createManualClock, createTelemetry, type TelemetryError } from '@foundation-telemetry/core'
import { describe, expect, it } from 'vitest'
import { untyped } from '../test/untyped.ts'
import { attachAgentCollector } from './collector.ts'

const MIN = 60_000

function setup(options: Parameters<typeof attachAgentCollector>[1] = {}) {
  const clock = createManualClock()
  const errors: TelemetryError[] = []
  const t = createTelemetry({ service: 'agents', clock, onError: (e) => errors.push(e) })
  const collector = attachAgentCollector(t, options)
  return { t, clock, collector, errors }
}

const auction = 'foundation_jido.coordination.auction'

/** Run one auction through raw events: open, bids, close with winners. */
function runAuction(
  t: ReturnType<typeof setup>['t'],
  id: string,
  bidders: string[],
  winners: string[],
  options: { resourceType?: string; invited?: number } = {},
) {
  const resource_type = options.resourceType ?? 'gpu'
  untyped(t)(
    `${auction}.start`,
    { monotonic_time: 0 },
    {
      auction_id: id,
      resource_type,
      participant_count: options.invited ?? bidders.length,
    },
  )
  for (const agent of bidders)
    untyped(t)(
      `${auction}.bid_received`,
      { bid_value: 1 },
      { auction_id: id, agent_id: agent, resource_type },
    )
  untyped(t)(
    `${auction}.complete`,
    { duration: 5 },
    {
      auction_id: id,
      resource_type,
      success: winners.length > 0,
      winner_count: winners.length,
      winner_ids: winners,
    },
  )
}

function gauge(t: ReturnType<typeof setup>['t'], name: string, tags: Record<string, string> = {}) {
  const metric = t.metrics.collect().find((m) => m.name === name)
  return metric?.series.find((s) => JSON.stringify(s.tags) === JSON.stringify(tags))?.value
}

describe('auction fairness (Jain index of wins over bidders)', () => {
  it('four agents winning 4/2/1/1 of eight auctions score 64/88', () => {
    const { t, collector } = setup()
    const agents = ['a', 'b', 'c', 'd']
    const winners = ['a', 'a', 'a', 'a', 'b', 'b', 'c', 'd']
    winners.forEach((winner, i) => {
      runAuction(t, `auc-${i}`, agents, [winner])
    })
    expect(gauge(t, 'foundation_jido.auction.fairness_score', { resource_type: 'gpu' })).toBeCloseTo(
      64 / 88,
      12,
    )
    expect(collector.kpis()['foundation_jido.auction.fairness_score']).toEqual([
      { value: expect.closeTo(64 / 88, 12), tags: { resource_type: 'gpu' } },
    ])
  })

  it('an agent that bid and never won counts as zero', () => {
    const { t } = setup()
    // Wins 2/1/1/0 over four bidders: (4)^2 / (4 * 6) = 16/24.
    runAuction(t, 'x1', ['a', 'b', 'c', 'd'], ['a'])
    runAuction(t, 'x2', ['a', 'b', 'c', 'd'], ['a'])
    runAuction(t, 'x3', ['a', 'b', 'c', 'd'], ['b'])
    runAuction(t, 'x4', ['a', 'b', 'c', 'd'], ['c'])
    expect(gauge(t, 'foundation_jido.auction.fairness_score', { resource_type: 'gpu' })).toBeCloseTo(
      16 / 24,
      12,
    )
  })

  it('is computed per resource type; a bidder of an auction that awarded nothing counts as 0', () => {
    const { t } = setup()
    runAuction(t, 'g1', ['a', 'b'], ['a'], { resourceType: 'gpu' })
    runAuction(t, 'g2', ['a', 'b'], ['b'], { resourceType: 'gpu' })
    runAuction(t, 'g3', ['a', 'b', 'z'], [], { resourceType: 'gpu' })
    runAuction(t, 'c1', ['a', 'b'], ['a'], { resourceType: 'cpu' })
    // gpu: wins 1/1/0 over three bidders: 2^2 / (3 * 2) = 4/6.
    expect(gauge(t, 'foundation_jido.auction.fairness_score', { resource_type: 'gpu' })).toBeCloseTo(
      4 / 6,
      12,
    )
    // cpu: wins 1/0 over two bidders: 1 / (2 * 1) = 0.5.
    expect(gauge(t, 'foundation_jido.auction.fairness_score', { resource_type: 'cpu' })).toBe(0.5)
  })

  it('has no value while no auction in the window awarded anything', () => {
    const { t } = setup()
    runAuction(t, 'n1', ['a', 'b'], [])
    expect(gauge(t, 'foundation_jido.auction.fairness_score', { resource_type: 'gpu' })).toBeUndefined()
    expect(gauge(t, 'foundation_jido.auction.participation_rate', { resource_type: 'gpu' })).toBe(1)
  })

  it('forgets auctions older than the window', () => {
    const { t, clock } = setup({ window: 10 * MIN })
    // First half: a wins everything (fairness 1/2 over two bidders); later: b wins twice.
    runAuction(t, 'old1', ['a', 'b'], ['a'])
    runAuction(t, 'old2', ['a', 'b'], ['a'])
    clock.advance(6 * MIN)
    runAuction(t, 'new1', ['a', 'b'], ['b'])
    runAuction(t, 'new2', ['a', 'b'], ['b'])
    expect(gauge(t, 'foundation_jido.auction.fairness_score', { resource_type: 'gpu' })).toBe(1)
    clock.advance(5 * MIN) // the first two are 11 min old now
    expect(gauge(t, 'foundation_jido.auction.fairness_score', { resource_type: 'gpu' })).toBe(0.5)
    clock.advance(6 * MIN) // nothing left: no series rather than a made-up value
    expect(gauge(t, 'foundation_jido.auction.fairness_score', { resource_type: 'gpu' })).toBeUndefined()
  })
})

describe('auction participation (bidders over invited, pooled)', () => {
  it('pools bids and invitations over the window', () => {
    const { t, clock } = setup({ window: 10 * MIN })
    runAuction(t, 'p1', ['a', 'b'], ['a'], { invited: 4 }) // 2 of 4
    runAuction(t, 'p2', ['a', 'b', 'c'], ['c'], { invited: 3 }) // 3 of 3
    runAuction(t, 'p3', [], [], { invited: 3 }) // 0 of 3, no winner
    expect(gauge(t, 'foundation_jido.auction.participation_rate', { resource_type: 'gpu' })).toBeCloseTo(
      5 / 10,
      12,
    )
    clock.advance(11 * MIN)
    runAuction(t, 'p4', ['a'], ['a'], { invited: 2 })
    expect(gauge(t, 'foundation_jido.auction.participation_rate', { resource_type: 'gpu' })).toBe(0.5)
  })

  it('counts an agent bidding twice once', () => {
    const { t } = setup()
    untyped(t)(`${auction}.start`, {}, { auction_id: 'd', resource_type: 'gpu', participant_count: 2 })
    untyped(t)(`${auction}.bid_received`, { bid_value: 1 }, { auction_id: 'd', agent_id: 'a' })
    untyped(t)(`${auction}.bid_received`, { bid_value: 2 }, { auction_id: 'd', agent_id: 'a' })
    untyped(t)(`${auction}.complete`, {}, { auction_id: 'd', resource_type: 'gpu', winner_ids: ['a'] })
    expect(gauge(t, 'foundation_jido.auction.participation_rate', { resource_type: 'gpu' })).toBe(0.5)
  })
})
