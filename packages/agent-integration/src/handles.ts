/**
 * The handles {@link createAgentInstrumentation} returns for operations that span several calls:
 * an auction (open, bids, close with winners), a coordination session (messages, complete or
 * fail) and a task. Each is a traced operation; closing one twice is reported, not thrown.
 */
import { describeError, type Metadata, type Span, type Telemetry } from '@foundation-telemetry/core'
import type { OpenHandle, OpenHandles } from './openHandles.ts'
import { API, finite, reportInvalid } from './problems.ts'
import { TracedOperation } from './tracedOperation.ts'

const AUCTION = 'foundation_jido.coordination.auction'
const SESSION = 'foundation_jido.coordination.session'

/** An auction: agents bid, then it closes with its winners (or fails). */
export interface AuctionHandle {
  readonly id: string
  /** The auction's span, for nesting work under it (`t.withContext(auction.span, fn)`). */
  readonly span: Span
  /** An agent's bid: `foundation_jido.coordination.auction.bid_received`. */
  bid(agentId: string, value: number): void
  /** Close with the winning agents (none: nothing was awarded): `...auction.complete`. */
  close(result: { winners: readonly string[]; winningBid?: number }): void
  /** The auction broke off: `...auction.exception`. */
  fail(error: unknown): void
}

/** A coordination session among agents. */
export interface SessionHandle {
  readonly id: string
  readonly span: Span
  /** A message between two agents: `foundation_jido.coordination.session.message`. */
  message(
    from: string,
    to: string,
    details?: { type?: string; direction?: 'sent' | 'received'; duration?: number },
  ): void
  /** Run `fn` with the session's span active, so work it starts nests under the session. */
  run<TResult>(fn: () => TResult): TResult
  /** The session succeeded: `...session.complete` with the message count. */
  complete(details?: { result?: string; resourceUtilization?: number }): void
  /** The session failed: `...session.exception`. */
  fail(error: unknown): void
}

/** A task an agent processes. */
export interface TaskHandle {
  readonly id: string
  readonly span: Span
  /** `foundation_jido.task.completed` with its duration. */
  complete(result?: unknown): void
  /** `foundation_jido.task.failed` with its duration and the error's message. */
  fail(error: unknown): void
}

/** What every handle shares: its operation, and its place among the open handles. */
abstract class Handle {
  readonly id: string
  readonly span: Span
  protected readonly t: Telemetry
  protected readonly operation: TracedOperation
  private readonly registry: OpenHandles
  private readonly entry: OpenHandle

  constructor(
    t: Telemetry,
    registry: OpenHandles,
    kind: OpenHandle['kind'],
    id: string,
    spanName: string,
    metadata: Metadata,
  ) {
    this.id = id
    this.t = t
    this.registry = registry
    this.operation = new TracedOperation(t, spanName, metadata)
    this.span = this.operation.span
    this.entry = { kind, id, operation: this.operation, openedAt: t.clock.monotonic() }
    registry.add(this.entry)
  }

  /** True when the handle is still open; otherwise reports `what` on a closed handle. */
  protected stillOpen(what: string, event: string): boolean {
    if (this.operation.open) return true
    reportInvalid(this.t, API, `${this.entry.kind} ${this.id}: ${what} after it was closed`, {
      event_name: event,
      id: this.id,
    })
    return false
  }

  protected closed(): void {
    this.registry.delete(this.entry)
  }
}

/** A handle shaped like `t.span`: `.start` when it opens, `.exception` when it fails. */
abstract class SpanHandle extends Handle {
  private readonly name: string

  constructor(
    t: Telemetry,
    registry: OpenHandles,
    kind: OpenHandle['kind'],
    id: string,
    name: string,
    metadata: Metadata,
  ) {
    super(t, registry, kind, id, name, metadata)
    this.name = name
    this.operation.emitStart(name)
  }

  fail(error: unknown): void {
    if (!this.stillOpen('failed', `${this.name}.exception`)) return
    this.operation.fail(this.name, error)
    this.closed()
  }
}

/** See {@link AuctionHandle}. */
export class Auction extends SpanHandle implements AuctionHandle {
  private bids = 0

  constructor(t: Telemetry, registry: OpenHandles, id: string, metadata: Metadata) {
    super(t, registry, 'auction', id, AUCTION, metadata)
  }

  bid(agentId: string, value: number): void {
    const event = `${AUCTION}.bid_received`
    if (!this.stillOpen('a bid', event)) return
    const bid = finite(value)
    if (bid === undefined)
      reportInvalid(this.t, API, `auction ${this.id}: bid from ${agentId} is not a finite number`, {
        event_name: event,
        id: this.id,
      })
    this.bids++
    // The bid still happened: it is emitted (and counted) without its value.
    this.operation.emit(event, bid === undefined ? {} : { bid_value: bid }, { agent_id: agentId })
  }

  close(result: { winners: readonly string[]; winningBid?: number }): void {
    const event = `${AUCTION}.complete`
    if (!this.stillOpen('closed', event)) return
    const winners = Array.isArray(result?.winners) ? result.winners.filter((w) => typeof w === 'string') : []
    const measurements: Record<string, number> = { bids: this.bids }
    const winningBid = finite(result?.winningBid)
    if (winningBid !== undefined) measurements.winning_bid = winningBid
    this.operation.succeed(AUCTION, 'complete', measurements, {
      success: winners.length > 0,
      winner_count: winners.length,
      winner_ids: winners,
    })
    this.closed()
  }
}

/** See {@link SessionHandle}. */
export class Session extends SpanHandle implements SessionHandle {
  private messages = 0

  constructor(t: Telemetry, registry: OpenHandles, id: string, metadata: Metadata) {
    super(t, registry, 'session', id, SESSION, metadata)
  }

  message(
    from: string,
    to: string,
    details: { type?: string; direction?: 'sent' | 'received'; duration?: number } = {},
  ): void {
    const event = `${SESSION}.message`
    if (!this.stillOpen('a message', event)) return
    this.messages++
    const duration = finite(details.duration)
    const metadata: Metadata = { from, to, direction: details.direction ?? 'sent' }
    if (details.type !== undefined) metadata.type = details.type
    this.operation.emit(event, duration === undefined ? {} : { duration }, metadata)
  }

  run<TResult>(fn: () => TResult): TResult {
    return this.t.withContext(this.span, fn)
  }

  complete(details: { result?: string; resourceUtilization?: number } = {}): void {
    if (!this.stillOpen('completed', `${SESSION}.complete`)) return
    const measurements: Record<string, number> = { messages: this.messages }
    const utilization = finite(details.resourceUtilization)
    if (utilization !== undefined) measurements.resource_utilization = utilization
    const metadata: Metadata = { success: true }
    if (details.result !== undefined) metadata.result = details.result
    this.operation.succeed(SESSION, 'complete', measurements, metadata)
    this.closed()
  }
}

/** See {@link TaskHandle}. */
export class Task extends Handle implements TaskHandle {
  constructor(t: Telemetry, registry: OpenHandles, id: string, metadata: Metadata) {
    super(t, registry, 'task', id, 'foundation_jido.task', metadata)
    this.operation.emit('foundation_jido.task.started')
  }

  complete(result?: unknown): void {
    const event = 'foundation_jido.task.completed'
    if (!this.stillOpen('completed', event)) return
    this.operation.emit(event, { duration: this.operation.elapsed() }, result === undefined ? {} : { result })
    this.operation.end()
    this.closed()
  }

  fail(error: unknown): void {
    const event = 'foundation_jido.task.failed'
    if (!this.stillOpen('failed', event)) return
    const message = describeError(error).message
    this.operation.emit(event, { duration: this.operation.elapsed() }, { error: message })
    this.operation.end(error)
    this.closed()
  }
}
