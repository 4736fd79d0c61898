/**
 * Follows the agent layer's events and computes its KPIs over a window on the telemetry's clock.
 * Rates and means come from per-key windows (one-minute resolution for the default hour);
 * auctions are kept one by one ({@link AuctionLedger}) because fairness and participation need
 * who bid and who won; running and healthy agents come from {@link AgentRoster}.
 */
import type { Measurements, Metadata } from '@foundation-telemetry/core'
import { AgentRoster } from './agentRoster.ts'
import { AuctionLedger } from './auctionLedger.ts'
import { KeyedWindow } from './keyedWindow.ts'
import { type AgentKpiName, type AgentKpis, agentKpiNames, type KpiValue, tagOf } from './kpis.ts'
import { failed } from './outcome.ts'
import { finite, idOf, type Reporter, reportDropped, reportInvalid } from './problems.ts'

/** Bounds and window of a {@link KpiTracker}. */
export interface KpiTrackerOptions {
  /** KPI window, ms. */
  window: number
  /** Agents tracked at once. */
  maxAgents: number
  /** Auctions open at once. */
  maxOpenAuctions: number
  /** Closed auctions kept for the window. */
  maxAuctions: number
  /** Distinct values per tag (adapter, coordination type) the rate KPIs keep. */
  maxKeys: number
}

const auction = 'foundation_jido.coordination.auction'
const session = 'foundation_jido.coordination.session'
const dispatch = 'foundation_jido.signal.dispatch'

/** The events the tracker reads. */
export const kpiEvents: readonly string[] = [
  'foundation_jido.agent.started',
  'foundation_jido.agent.stopped',
  'foundation_jido.agent.unregistered',
  'foundation_jido.agent.health_check',
  `${dispatch}.stop`,
  `${dispatch}.complete`,
  `${dispatch}.exception`,
  `${session}.stop`,
  `${session}.complete`,
  `${session}.exception`,
  `${auction}.start`,
  `${auction}.bid_received`,
  `${auction}.stop`,
  `${auction}.complete`,
  `${auction}.exception`,
]

const api = 'agentCollector'

/** See the module comment. */
export class KpiTracker {
  private readonly roster: AgentRoster
  private readonly auctions: AuctionLedger
  private readonly dispatches: KeyedWindow
  private readonly sessions: KeyedWindow
  private readonly durations: KeyedWindow
  private readonly utilization: KeyedWindow
  /** Bounds already reported, so a sustained overload is reported once, not per event. */
  private readonly reportedBounds = new Set<string>()

  private readonly t: Reporter & { readonly clock: { now(): number } }

  constructor(t: Reporter & { readonly clock: { now(): number } }, options: KpiTrackerOptions) {
    this.t = t
    const { window, maxKeys } = options
    this.roster = new AgentRoster({ window, maxAgents: options.maxAgents })
    this.auctions = new AuctionLedger({
      window,
      maxOpen: options.maxOpenAuctions,
      maxClosed: options.maxAuctions,
      maxBidders: Math.max(options.maxAgents, 1),
    })
    this.dispatches = new KeyedWindow({ window, maxKeys })
    this.sessions = new KeyedWindow({ window, maxKeys })
    this.durations = new KeyedWindow({ window, maxKeys })
    this.utilization = new KeyedWindow({ window, maxKeys })
  }

  /** The bus handler: one event in. Never throws (the bus would detach it). */
  readonly handle = (event: string, measurements: Measurements, metadata: Metadata): void => {
    try {
      this.dispatch(event, measurements ?? {}, metadata ?? {})
    } catch (error) {
      reportInvalid(this.t, api, `agent collector could not read ${event}`, { event_name: event, error })
    }
  }

  /** Every KPI now. */
  kpis(): AgentKpis {
    const out = {} as AgentKpis
    for (const name of agentKpiNames) out[name] = this.kpi(name)
    return out
  }

  /** One KPI's series now. */
  kpi(name: AgentKpiName): KpiValue[] {
    const now = this.t.clock.now()
    switch (name) {
      case 'foundation_jido.agents.active_count':
        return [...this.roster.active()].map(([type, value]) => ({ value, tags: tagOf('agent_type', type) }))
      case 'foundation_jido.agents.healthy':
        return [...this.roster.healthy(now)].map(([type, value]) => ({
          value,
          tags: tagOf('agent_type', type),
        }))
      case 'foundation_jido.signal.dispatch_success_rate':
        return means(this.dispatches, 'adapter', now)
      case 'foundation_jido.coordination.success_rate':
        return means(this.sessions, 'coordination_type', now)
      case 'foundation_jido.coordination.average_duration':
        return means(this.durations, 'coordination_type', now)
      case 'foundation_jido.coordination.resource_utilization':
        return means(this.utilization, 'coordination_type', now)
      case 'foundation_jido.auction.participation_rate':
      case 'foundation_jido.auction.fairness_score': {
        const field = name === 'foundation_jido.auction.fairness_score' ? 'fairness' : 'participation'
        const out: KpiValue[] = []
        for (const [type, kpis] of this.auctions.kpis(now)) {
          const value = kpis[field]
          if (value !== undefined) out.push({ value, tags: tagOf('resource_type', type) })
        }
        return out
      }
    }
    return []
  }

  private dispatch(event: string, measurements: Measurements, metadata: Metadata): void {
    const now = this.t.clock.now()
    switch (event) {
      case 'foundation_jido.agent.started': {
        const id = this.need(event, metadata, 'agent_id')
        if (id !== undefined && !this.roster.started(id, str(metadata.agent_type)))
          this.bound('agents', `agent collector tracks at most its maxAgents agents; ${id} is not counted`)
        return
      }
      case 'foundation_jido.agent.stopped': {
        const id = this.need(event, metadata, 'agent_id')
        if (id !== undefined) this.roster.stopped(id)
        return
      }
      case 'foundation_jido.agent.unregistered': {
        const id = this.need(event, metadata, 'agent_id')
        if (id !== undefined) this.roster.unregistered(id)
        return
      }
      case 'foundation_jido.agent.health_check': {
        const id = this.need(event, metadata, 'agent_id')
        if (id === undefined) return
        if (!this.roster.checked(id, str(metadata.agent_type), metadata.healthy === true, now))
          this.bound(
            'health',
            `agent collector keeps at most its maxAgents health reports; ${id} is not counted`,
          )
        return
      }
      case `${auction}.start`:
        this.auctionOpened(event, metadata)
        return
      case `${auction}.bid_received`:
        this.bidReceived(event, metadata)
        return
      case `${auction}.stop`:
      case `${auction}.complete`:
      case `${auction}.exception`:
        this.auctionClosed(event, metadata, now)
        return
    }
    const outcome = failed(event, metadata) ? 0 : 1
    if (event.startsWith(dispatch)) {
      this.keyed(this.dispatches, str(metadata.adapter) ?? '', outcome, now)
      return
    }
    // A coordination session's end.
    if (this.need(event, metadata, 'session_id') === undefined) return
    const type = str(metadata.coordination_type) ?? ''
    this.keyed(this.sessions, type, outcome, now)
    const duration = finite(measurements.duration)
    if (duration !== undefined && !event.endsWith('.exception'))
      this.keyed(this.durations, type, duration, now)
    const utilization = finite(measurements.resource_utilization)
    if (utilization !== undefined) this.keyed(this.utilization, type, utilization, now)
  }

  private auctionOpened(event: string, metadata: Metadata): void {
    const id = this.need(event, metadata, 'auction_id')
    if (id === undefined) return
    const dropped = this.auctions.opened(
      id,
      str(metadata.resource_type) ?? '',
      count(metadata.participant_count),
    )
    if (dropped !== undefined)
      this.bound(
        'open_auctions',
        `agent collector keeps at most its maxOpenAuctions open auctions; auction ${dropped} was dropped`,
      )
  }

  private bidReceived(event: string, metadata: Metadata): void {
    const id = this.need(event, metadata, 'auction_id')
    const agent = this.need(event, metadata, 'agent_id')
    if (id === undefined || agent === undefined) return
    if (!this.auctions.bid(id, agent))
      reportInvalid(this.t, api, `${event}: bid from ${agent} for unknown auction ${id}`, {
        event_name: event,
        auction_id: id,
        agent_id: agent,
      })
  }

  private auctionClosed(event: string, metadata: Metadata, now: number): void {
    const id = this.need(event, metadata, 'auction_id')
    if (id === undefined) return
    const awarded = !failed(event, metadata)
    const winners = awarded ? ids(metadata.winner_ids) : undefined
    const result = this.auctions.close(id, now, {
      winners: winners !== undefined && winners.length > 0 ? winners : undefined,
      invited: count(metadata.participant_count),
      ...(str(metadata.resource_type) !== undefined
        ? { resourceType: str(metadata.resource_type) as string }
        : {}),
    })
    if (result.unknown) {
      reportInvalid(this.t, api, `${event}: auction ${id} was never opened`, {
        event_name: event,
        auction_id: id,
      })
      return
    }
    if (result.strangers.length > 0)
      reportInvalid(
        this.t,
        api,
        `${event}: auction ${id} winners never bid: ${result.strangers.join(', ')}`,
        {
          event_name: event,
          auction_id: id,
          winner_ids: result.strangers,
        },
      )
    if (result.dropped)
      this.bound(
        'auctions',
        'agent collector keeps at most its maxAuctions closed auctions; the oldest was dropped',
      )
  }

  private keyed(window: KeyedWindow, key: string, value: number, now: number): void {
    if (!window.add(key, value, now))
      this.bound(
        'keys',
        `agent collector keeps at most its maxKeys tag values per KPI; ${key} is not counted`,
      )
  }

  /** The id `key` of `metadata`, or undefined after reporting the event that lacks it. */
  private need(event: string, metadata: Metadata, key: string): string | undefined {
    const id = idOf(metadata[key])
    if (id === undefined)
      reportInvalid(this.t, api, `${event}: metadata ${key} is missing`, { event_name: event, missing: key })
    return id
  }

  private bound(which: string, message: string): void {
    if (this.reportedBounds.has(which) || this.reportedBounds.size > 64) return
    this.reportedBounds.add(which)
    reportDropped(this.t, api, message)
  }
}

/** Mean value per key over the window, as KPI series tagged `tagKey`. */
function means(window: KeyedWindow, tagKey: string, now: number): KpiValue[] {
  const out: KpiValue[] = []
  for (const [key, { count, sum }] of window.totals(now))
    out.push({ value: sum / count, tags: tagOf(tagKey, key) })
  return out
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined
}

function ids(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined
  const out: string[] = []
  for (const item of value) {
    const id = idOf(item)
    if (id !== undefined) out.push(id)
  }
  return out
}
