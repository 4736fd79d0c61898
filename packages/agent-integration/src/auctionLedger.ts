/**
 * Per-auction state for the two auction KPIs, bounded in count and in time:
 *
 * - `participation_rate` = distinct bidders over agents invited (`participant_count`), pooled over
 *   the auctions closed in the window (auctions that did not say how many were invited are left out);
 * - `fairness_score` = Jain's index of wins over every agent that bid in the window's closed
 *   auctions (an agent that bid and never won counts as 0, also when its auction awarded nothing).
 *
 * Both are per `resource_type`.
 */
import { jainIndex } from './jainIndex.ts'

/** Options of {@link AuctionLedger}. */
export interface AuctionLedgerOptions {
  /** KPI window, ms: closed auctions older than this are forgotten. */
  window: number
  /** Auctions open at once; the oldest is dropped beyond this. */
  maxOpen: number
  /** Closed auctions kept for the window; the oldest is dropped beyond this. */
  maxClosed: number
  /** Distinct bidders remembered per auction. */
  maxBidders: number
}

interface OpenAuction {
  resourceType: string
  invited: number | undefined
  bidders: Set<string>
}

interface ClosedAuction {
  closedAt: number
  resourceType: string
  invited: number | undefined
  /** Distinct agents that bid (winners that never bid are added after these, for fairness only). */
  bids: number
  bidders: readonly string[]
  /** Winners, or undefined when the auction awarded nothing (failed, or no winner ids given). */
  winners: readonly string[] | undefined
}

/** What {@link AuctionLedger.close} found wrong. */
export interface CloseResult {
  /** The auction was never opened (or was dropped): nothing to close. */
  unknown: boolean
  /** Winners that never bid (they are counted as bidders for fairness). */
  strangers: string[]
  /** The oldest closed auction was dropped to make room (maxClosed reached). */
  dropped: boolean
}

/** KPI values of one resource type; undefined when the window has nothing to compute from. */
export interface AuctionKpis {
  participation: number | undefined
  fairness: number | undefined
}

/** The auctions; see the module comment. */
export class AuctionLedger {
  private readonly open = new Map<string, OpenAuction>()
  /** Closed auctions, oldest first, from index `head` (a queue without shifting on every drop). */
  private closed: ClosedAuction[] = []
  private head = 0
  private readonly options: AuctionLedgerOptions

  constructor(options: AuctionLedgerOptions) {
    this.options = options
  }

  /** Open an auction. Returns the id of an auction dropped to make room, if any. */
  opened(id: string, resourceType: string, invited: number | undefined): string | undefined {
    let dropped: string | undefined
    if (!this.open.has(id) && this.open.size >= this.options.maxOpen) {
      // Maps iterate in insertion order: the first key is the oldest open auction.
      dropped = this.open.keys().next().value
      if (dropped !== undefined) this.open.delete(dropped)
    }
    this.open.set(id, { resourceType, invited, bidders: new Set() })
    return dropped
  }

  /** A bid. False when the auction is not open. */
  bid(id: string, agentId: string): boolean {
    const auction = this.open.get(id)
    if (auction === undefined) return false
    if (auction.bidders.size < this.options.maxBidders) auction.bidders.add(agentId)
    return true
  }

  /** Whether `id` is open. */
  isOpen(id: string): boolean {
    return this.open.has(id)
  }

  /**
   * Close an auction at `now`. `winners` undefined means it awarded nothing; `invited` and
   * `resourceType` given here replace what the opening said (an end event may know better).
   */
  close(
    id: string,
    now: number,
    result: { winners: readonly string[] | undefined; invited?: number | undefined; resourceType?: string },
  ): CloseResult {
    const auction = this.open.get(id)
    if (auction === undefined) return { unknown: true, strangers: [], dropped: false }
    this.open.delete(id)
    const strangers = (result.winners ?? []).filter((w) => !auction.bidders.has(w))
    const bidders = [...auction.bidders, ...new Set(strangers)]
    this.closed.push({
      closedAt: now,
      resourceType: result.resourceType ?? auction.resourceType,
      invited: result.invited ?? auction.invited,
      bids: auction.bidders.size,
      bidders,
      winners: result.winners,
    })
    this.expire(now)
    let dropped = false
    if (this.closed.length - this.head > this.options.maxClosed) {
      this.head++
      dropped = true
      this.compact()
    }
    return { unknown: false, strangers, dropped }
  }

  /** Participation and fairness per resource type over the window ending at `now`. */
  kpis(now: number): Map<string, AuctionKpis> {
    this.expire(now)
    const groups = new Map<string, { bids: number; invited: number; wins: Map<string, number> }>()
    for (let i = this.head; i < this.closed.length; i++) {
      const auction = this.closed[i] as ClosedAuction
      let group = groups.get(auction.resourceType)
      if (group === undefined) {
        group = { bids: 0, invited: 0, wins: new Map() }
        groups.set(auction.resourceType, group)
      }
      if (auction.invited !== undefined && auction.invited > 0) {
        group.invited += auction.invited
        group.bids += Math.min(auction.bids, auction.invited)
      }
      for (const bidder of auction.bidders) if (!group.wins.has(bidder)) group.wins.set(bidder, 0)
      for (const winner of auction.winners ?? []) group.wins.set(winner, (group.wins.get(winner) ?? 0) + 1)
    }
    const out = new Map<string, AuctionKpis>()
    for (const [type, group] of groups) {
      const fairness = jainIndex(group.wins.values())
      out.set(type, {
        participation: group.invited > 0 ? group.bids / group.invited : undefined,
        fairness: Number.isNaN(fairness) ? undefined : fairness,
      })
    }
    return out
  }

  /** Auctions open now, and closed auctions kept. */
  get size(): { open: number; closed: number } {
    return { open: this.open.size, closed: this.closed.length - this.head }
  }

  private expire(now: number): void {
    const oldest = now - this.options.window
    while (this.head < this.closed.length && (this.closed[this.head] as ClosedAuction).closedAt <= oldest)
      this.head++
    this.compact()
  }

  /** Release dropped entries once they are half the array (amortised O(1) per auction). */
  private compact(): void {
    if (this.head > 0 && this.head * 2 >= this.closed.length) {
      this.closed = this.closed.slice(this.head)
      this.head = 0
    }
  }
}
