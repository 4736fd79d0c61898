/**
 * `createAgentInstrumentation`: typed emitters of the agent layer's taxonomy events, with trace
 * context, for agent systems that have no adapter.
 */
import { type Metadata, newSpanId, readOptions, type Span, type Telemetry } from '@foundation-telemetry/core'
import { Auction, type AuctionHandle, Session, type SessionHandle, Task, type TaskHandle } from './handles.ts'
import { OpenHandles } from './openHandles.ts'
import { finite, idOf, reportInvalid } from './problems.ts'

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

const API = 'agentInstrumentation'

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

  /** The agent's metadata, or undefined after reporting an agent without an id. */
  const agentMeta = (agent: AgentInfo | undefined, event: string): Metadata | undefined => {
    const id = idOf(agent?.id)
    if (id === undefined) {
      reportInvalid(t, API, `${event}: the agent has no id`, { event_name: event, missing: 'agent_id' })
      return undefined
    }
    return compact({ agent_id: id, agent_type: agent?.type })
  }

  const emit = (
    event: string,
    agent: AgentInfo,
    measurements: Record<string, number>,
    extra: Metadata = {},
  ) => {
    const metadata = agentMeta(agent, event)
    if (metadata === undefined || !t.hasHandlers(event)) return
    t.execute(event, measurements, { ...metadata, ...compact(extra) })
  }

  const idFor = (value: unknown, kind: string): string => idOf(value) ?? `${kind}-${newSpanId()}`

  const startTask = (task: TaskInfo): TaskHandle => {
    if (typeof task?.type !== 'string' || idOf(task?.agentId) === undefined)
      reportInvalid(t, API, 'foundation_jido.task.started: a task needs a type and an agentId', {
        event_name: 'foundation_jido.task.started',
      })
    const id = idFor(task?.id, 'task')
    return new Task(t, registry, id, compact({ task_id: id, task_type: task?.type, agent_id: task?.agentId }))
  }

  return {
    register(agent, fn) {
      const event: string = 'foundation_jido.agent.registration'
      const metadata = agentMeta(agent, event) ?? {}
      if (agent?.capabilities !== undefined) metadata.capabilities = [...agent.capabilities]
      return t.span(event, metadata, fn)
    },
    registered(agent, details = {}) {
      const event = 'foundation_jido.agent.registration.complete'
      const measurements: Record<string, number> = {}
      const startup = finite(details.startupDuration)
      if (startup !== undefined) measurements.startup_duration = startup
      emit(event, agent, measurements, {
        capabilities: agent?.capabilities === undefined ? undefined : [...agent.capabilities],
        success: details.success ?? details.error === undefined,
        error: details.error,
      })
    },
    started(agent, details = {}) {
      const startup = finite(details.startupDuration)
      emit('foundation_jido.agent.started', agent, startup === undefined ? {} : { startup_duration: startup })
    },
    stopped(agent, reason) {
      emit('foundation_jido.agent.stopped', agent, {}, { reason })
    },
    restarted(agent, restartCount, reason) {
      emit('foundation_jido.agent.restarted', agent, {}, { restart_count: restartCount, reason })
    },
    unregistered(agent, reason) {
      emit('foundation_jido.agent.unregistered', agent, {}, { reason })
    },
    healthCheck(agent, healthy, details = {}) {
      const measurements: Record<string, number> = {}
      const queue = finite(details.queueLength)
      const memory = finite(details.memory)
      if (queue !== undefined) measurements.queue_length = queue
      if (memory !== undefined) measurements.memory = memory
      emit('foundation_jido.agent.health_check', agent, measurements, {
        healthy: healthy === true,
        status: details.status,
      })
    },
    dispatch(signal, fn) {
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
    },
    openAuction(auction) {
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
    },
    openSession(session = {}) {
      const id = idFor(session?.id, 'session')
      const metadata = compact({
        session_id: id,
        coordination_type: session?.type,
        agents: session?.agents === undefined ? undefined : [...session.agents],
      })
      return new Session(t, registry, id, metadata)
    },
    startTask,
    runTask(task, fn) {
      const handle = startTask(task)
      let result: unknown
      try {
        result = t.withContext(handle.span, fn)
      } catch (error) {
        handle.fail(error)
        throw error
      }
      if (
        result !== null &&
        typeof result === 'object' &&
        typeof (result as PromiseLike<unknown>).then === 'function'
      ) {
        return Promise.resolve(result).then(
          (value) => {
            handle.complete()
            return value
          },
          (error: unknown) => {
            handle.fail(error)
            throw error
          },
        ) as ReturnType<typeof fn>
      }
      handle.complete()
      return result as ReturnType<typeof fn>
    },
    get openHandles() {
      return registry.size
    },
  }
}

/** `metadata` without its undefined values (optional fields stay absent, not `undefined`). */
function compact(metadata: Metadata): Metadata {
  const out: Metadata = {}
  for (const key in metadata) if (metadata[key] !== undefined) out[key] = metadata[key]
  return out
}

function positive(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && value > 0 && Number.isFinite(value) ? value : fallback
}
