/**
 * The agent lifecycle's events (`foundation_jido.agent.*`): registration, start, stop, restart,
 * unregistration and health checks, each carrying the agent's id and type. An agent without an id
 * is reported through the error hook and nothing is emitted for it.
 */
import type { Metadata, Span, Telemetry } from '@foundation-telemetry/core'
import type { AgentInfo } from './instrumentation.ts'
import { API, compact, finite, idOf, reportInvalid } from './problems.ts'

/** The lifecycle emitters of `createAgentInstrumentation`, for one telemetry instance. */
export class AgentLifecycle {
  private readonly t: Telemetry

  constructor(t: Telemetry) {
    this.t = t
  }

  /** Run `fn` as the agent's registration (`foundation_jido.agent.registration` span events). */
  register<TResult>(agent: AgentInfo, fn: (span: Span) => TResult): TResult {
    const event: string = 'foundation_jido.agent.registration'
    const metadata = this.metadata(agent, event) ?? {}
    if (agent?.capabilities !== undefined) metadata.capabilities = [...agent.capabilities]
    return this.t.span(event, metadata, fn)
  }

  /** `foundation_jido.agent.registration.complete`: a success unless `error` is given. */
  registered(
    agent: AgentInfo,
    details: { startupDuration?: number; success?: boolean; error?: string } = {},
  ): void {
    const measurements: Record<string, number> = {}
    const startup = finite(details.startupDuration)
    if (startup !== undefined) measurements.startup_duration = startup
    this.emit('foundation_jido.agent.registration.complete', agent, measurements, {
      capabilities: agent?.capabilities === undefined ? undefined : [...agent.capabilities],
      success: details.success ?? details.error === undefined,
      error: details.error,
    })
  }

  /** `foundation_jido.agent.started`. */
  started(agent: AgentInfo, details: { startupDuration?: number } = {}): void {
    const startup = finite(details.startupDuration)
    this.emit(
      'foundation_jido.agent.started',
      agent,
      startup === undefined ? {} : { startup_duration: startup },
    )
  }

  /** `foundation_jido.agent.stopped`. */
  stopped(agent: AgentInfo, reason?: string): void {
    this.emit('foundation_jido.agent.stopped', agent, {}, { reason })
  }

  /** `foundation_jido.agent.restarted`. */
  restarted(agent: AgentInfo, restartCount: number, reason?: string): void {
    this.emit('foundation_jido.agent.restarted', agent, {}, { restart_count: restartCount, reason })
  }

  /** `foundation_jido.agent.unregistered`. */
  unregistered(agent: AgentInfo, reason?: string): void {
    this.emit('foundation_jido.agent.unregistered', agent, {}, { reason })
  }

  /** `foundation_jido.agent.health_check`; measurements that are not finite numbers are left out. */
  healthCheck(
    agent: AgentInfo,
    healthy: boolean,
    details: { status?: string; queueLength?: number; memory?: number } = {},
  ): void {
    const measurements: Record<string, number> = {}
    const queue = finite(details.queueLength)
    const memory = finite(details.memory)
    if (queue !== undefined) measurements.queue_length = queue
    if (memory !== undefined) measurements.memory = memory
    this.emit('foundation_jido.agent.health_check', agent, measurements, {
      healthy: healthy === true,
      status: details.status,
    })
  }

  /** The agent's metadata, or undefined after reporting an agent without an id. */
  private metadata(agent: AgentInfo | undefined, event: string): Metadata | undefined {
    const id = idOf(agent?.id)
    if (id === undefined) {
      reportInvalid(this.t, API, `${event}: the agent has no id`, { event_name: event, missing: 'agent_id' })
      return undefined
    }
    return compact({ agent_id: id, agent_type: agent?.type })
  }

  private emit(
    event: string,
    agent: AgentInfo,
    measurements: Record<string, number>,
    extra: Metadata = {},
  ): void {
    const metadata = this.metadata(agent, event)
    if (metadata === undefined || !this.t.hasHandlers(event)) return
    this.t.execute(event, measurements, { ...metadata, ...compact(extra) })
  }
}
