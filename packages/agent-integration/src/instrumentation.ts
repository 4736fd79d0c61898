/**
 * `createAgentInstrumentation`: typed emitters of the agent layer's taxonomy events, with trace
 * context, for agent systems that have no adapter.
 */
import { readOptions, type Span, type Telemetry } from '@foundation-telemetry/core'
import { AgentLifecycle } from './agentLifecycle.ts'
import { dispatchSignal, openAuction, openSession, runTask, startTask } from './agentOperations.ts'
import type { AuctionHandle, SessionHandle, TaskHandle } from './handles.ts'
import { OpenHandles } from './openHandles.ts'
import { API } from './problems.ts'

/** An agent, as the registry knows it. */
export interface AgentInfo {
  /** The agent's id (`agent_id`). */
  id: string
  /** Its kind (`agent_type`), a bounded set: it becomes a metric tag. */
  type?: string
  capabilities?: readonly string[]
}

/** A signal to dispatch. */
export interface SignalInfo {
  /** `signal_type`. */
  type: string
  /** The dispatch adapter (`pubsub`, `http`, `logger` ...); a metric tag. */
  adapter: string
  id?: string
  /** The kind of target (`agent`, `topic` ...); a metric tag. */
  targetType?: string
  agentId?: string
}

/** An auction to open. */
export interface AuctionInfo {
  /** Defaults to a generated id. */
  id?: string
  /** What is allocated; a metric tag. */
  resourceType: string
  /** Agents invited to bid: the denominator of the participation rate. */
  participantCount?: number
}

/** A coordination session to open. */
export interface SessionInfo {
  /** Defaults to a generated id. */
  id?: string
  /** `coordination_type` (`consensus`, `negotiation` ...); a metric tag. */
  type?: string
  /** The agents taking part. */
  agents?: readonly string[]
}

/** A task to start. */
export interface TaskInfo {
  /** Defaults to a generated id. */
  id?: string
  /** `task_type`; a metric tag. */
  type: string
  /** The agent processing it. */
  agentId: string
}

/** Options of {@link createAgentInstrumentation}. */
export interface AgentInstrumentationOptions {
  /** Handles (auctions, sessions, tasks) open at once; the oldest is reported as never closed beyond it. Defaults to 1 000. */
  maxOpenHandles?: number
  /** Age (ms, telemetry clock) after which an open handle is reported as never closed. Defaults to 3 600 000 (1 h). */
  maxHandleAge?: number
}

/** What {@link createAgentInstrumentation} returns. */
export interface AgentInstrumentation {
  /** Run `fn` as the agent's registration (`foundation_jido.agent.registration` span events). */
  register<TResult>(agent: AgentInfo, fn: (span: Span) => TResult): TResult
  /** Report a registration that already happened (`...agent.registration.complete`). */
  registered(
    agent: AgentInfo,
    details?: { startupDuration?: number; success?: boolean; error?: string },
  ): void
  /** `foundation_jido.agent.started`. */
  started(agent: AgentInfo, details?: { startupDuration?: number }): void
  /** `foundation_jido.agent.stopped`. */
  stopped(agent: AgentInfo, reason?: string): void
  /** `foundation_jido.agent.restarted`. */
  restarted(agent: AgentInfo, restartCount: number, reason?: string): void
  /** `foundation_jido.agent.unregistered`. */
  unregistered(agent: AgentInfo, reason?: string): void
  /** `foundation_jido.agent.health_check`. */
  healthCheck(
    agent: AgentInfo,
    healthy: boolean,
    details?: { status?: string; queueLength?: number; memory?: number },
  ): void
  /**
   * Run `fn` as a signal dispatch (`foundation_jido.signal.dispatch` span events). A dispatch that
   * returns is a success unless `fn` sets `span.setAttribute('success', false)`; one that throws is
   * an `.exception` (and the error reaches the caller unchanged).
   */
  dispatch<TResult>(signal: SignalInfo, fn: (span: Span) => TResult): TResult
  /** Open an auction: `...auction.start` now, bids and the close through the handle. */
  openAuction(auction: AuctionInfo): AuctionHandle
  /** Open a coordination session: `...session.start` now, messages and the end through the handle. */
  openSession(session: SessionInfo): SessionHandle
  /** Start a task: `foundation_jido.task.started` now, completed or failed through the handle. */
  startTask(task: TaskInfo): TaskHandle
  /** Run `fn` as a task: completed when it returns (or resolves), failed when it throws (rethrown). */
  runTask<TResult>(task: TaskInfo, fn: () => TResult): TResult
  /** Handles open now. */
  readonly openHandles: number
}

/**
 * Create the agent layer's emitters for `t`. Every event carries the active trace's ids, and the
 * handles' spans nest in it, so an agent system's work shows in the same trace as the request
 * that caused it. Bad input is reported through the telemetry's error hook, never thrown.
 *
 * @example
 * ```ts
 * const agents = createAgentInstrumentation(t)
 * agents.started({ id: 'planner-1', type: 'planner' })
 * const session = agents.openSession({ type: 'consensus', agents: ['planner-1', 'critic-1'] })
 * session.message('planner-1', 'critic-1', { type: 'proposal' })
 * session.complete({ result: 'agreed' })
 * await agents.dispatch({ type: 'task.assigned', adapter: 'pubsub' }, () => bus.publish(signal))
 * ```
 */
export function createAgentInstrumentation(
  t: Telemetry,
  options: AgentInstrumentationOptions = {},
): AgentInstrumentation {
  const opts = readOptions<AgentInstrumentationOptions>(t, API, options, ['maxOpenHandles', 'maxHandleAge'])
  const registry = new OpenHandles(t, {
    maxOpen: positive(opts.maxOpenHandles, 1_000),
    maxAge: positive(opts.maxHandleAge, 3_600_000),
  })
  const lifecycle = new AgentLifecycle(t)
  return {
    register: (agent, fn) => lifecycle.register(agent, fn),
    registered: (agent, details) => lifecycle.registered(agent, details),
    started: (agent, details) => lifecycle.started(agent, details),
    stopped: (agent, reason) => lifecycle.stopped(agent, reason),
    restarted: (agent, restartCount, reason) => lifecycle.restarted(agent, restartCount, reason),
    unregistered: (agent, reason) => lifecycle.unregistered(agent, reason),
    healthCheck: (agent, healthy, details) => lifecycle.healthCheck(agent, healthy, details),
    dispatch: (signal, fn) => dispatchSignal(t, signal, fn),
    openAuction: (auction) => openAuction(t, registry, auction),
    openSession: (session) => openSession(t, registry, session),
    startTask: (task) => startTask(t, registry, task),
    runTask: (task, fn) => runTask(t, registry, task, fn),
    get openHandles() {
      return registry.size
    },
  }
}

function positive(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && value > 0 && Number.isFinite(value) ? value : fallback
}
