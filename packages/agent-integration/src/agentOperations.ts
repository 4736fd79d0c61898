/**
 * The agent layer's operations: a signal dispatch (a span), and the auctions, coordination
 * sessions and tasks that stay open across calls (handles). Each checks its input, reporting what
 * is missing without throwing, and gives an operation without an id a generated one.
 */
import { newSpanId, type Span, settleWith, type Telemetry } from '@foundation-telemetry/core'
import { Auction, type AuctionHandle, Session, type SessionHandle, Task, type TaskHandle } from './handles.ts'
import type { AuctionInfo, SessionInfo, SignalInfo, TaskInfo } from './instrumentation.ts'
import type { OpenHandles } from './openHandles.ts'
import { API, compact, finite, idOf, reportInvalid } from './problems.ts'

/** Run `fn` as a signal dispatch: `foundation_jido.signal.dispatch` span events. */
export function dispatchSignal<TResult>(
  t: Telemetry,
  signal: SignalInfo,
  fn: (span: Span) => TResult,
): TResult {
  const event: string = 'foundation_jido.signal.dispatch'
  if (typeof signal?.type !== 'string' || typeof signal?.adapter !== 'string')
    reportInvalid(t, API, `${event}: a signal needs a type and an adapter`, { event_name: event })
  const metadata = compact({
    signal_type: signal?.type,
    adapter: signal?.adapter,
    signal_id: signal?.id,
    target_type: signal?.targetType,
    agent_id: signal?.agentId,
  })
  return t.span(event, metadata, fn)
}

/** Open an auction among the handles of `registry`: `...auction.start` now. */
export function openAuction(t: Telemetry, registry: OpenHandles, auction: AuctionInfo): AuctionHandle {
  if (typeof auction?.resourceType !== 'string')
    reportInvalid(t, API, 'foundation_jido.coordination.auction.start: an auction needs a resourceType', {
      event_name: 'foundation_jido.coordination.auction.start',
    })
  const id = idFor(auction?.id, 'auction')
  const metadata = compact({
    auction_id: id,
    resource_type: auction?.resourceType,
    participant_count: finite(auction?.participantCount),
  })
  return new Auction(t, registry, id, metadata)
}

/** Open a coordination session among the handles of `registry`: `...session.start` now. */
export function openSession(t: Telemetry, registry: OpenHandles, session: SessionInfo = {}): SessionHandle {
  const id = idFor(session?.id, 'session')
  const metadata = compact({
    session_id: id,
    coordination_type: session?.type,
    agents: session?.agents === undefined ? undefined : [...session.agents],
  })
  return new Session(t, registry, id, metadata)
}

/** Start a task among the handles of `registry`: `foundation_jido.task.started` now. */
export function startTask(t: Telemetry, registry: OpenHandles, task: TaskInfo): TaskHandle {
  if (typeof task?.type !== 'string' || idOf(task?.agentId) === undefined)
    reportInvalid(t, API, 'foundation_jido.task.started: a task needs a type and an agentId', {
      event_name: 'foundation_jido.task.started',
    })
  const id = idFor(task?.id, 'task')
  return new Task(t, registry, id, compact({ task_id: id, task_type: task?.type, agent_id: task?.agentId }))
}

/**
 * Run `fn` as a task, in its span: completed when `fn` returns (or its promise resolves), failed
 * when it throws (or rejects), the error reaching the caller unchanged.
 */
export function runTask<TResult>(
  t: Telemetry,
  registry: OpenHandles,
  task: TaskInfo,
  fn: () => TResult,
): TResult {
  const handle = startTask(t, registry, task)
  let result: TResult
  try {
    result = t.withContext(handle.span, fn)
  } catch (error) {
    handle.fail(error)
    throw error
  }
  return settleWith(result, { ok: () => handle.complete(), fail: (error) => handle.fail(error) })
}

/** `value` as an id, or a generated one named after its kind (`task-…`). */
function idFor(value: unknown, kind: string): string {
  return idOf(value) ?? `${kind}-${newSpanId()}`
}
