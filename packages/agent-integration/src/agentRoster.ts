/**
 * Which agents run and which passed their last health check, by agent type: the state behind
 * `foundation_jido.agents.active_count` and `foundation_jido.agents.healthy`. Bounded: at most
 * `maxAgents` agents are tracked at once, and a health report older than the window is forgotten.
 */

/** Options of {@link AgentRoster}. */
export interface AgentRosterOptions {
  /** A health check older than this (ms) no longer counts an agent as healthy. */
  window: number
  /** Agents tracked at once (running, or with a recent health check). */
  maxAgents: number
}

interface Running {
  type: string
  /** Concurrent runs under one id: a framework may run the same agent twice at once. */
  runs: number
}

interface Health {
  type: string
  healthy: boolean
  at: number
}

/** Agents by id; see the module comment. `type` '' means the agent reported none. */
export class AgentRoster {
  private readonly running = new Map<string, Running>()
  private readonly health = new Map<string, Health>()
  /** Active agents by type; types stay listed (at 0) once seen, so the gauge drops to 0, not away. */
  private readonly activeByType = new Map<string, number>()
  private readonly options: AgentRosterOptions

  constructor(options: AgentRosterOptions) {
    this.options = options
  }

  /** An agent started. False when the agent is new and `maxAgents` are tracked. */
  started(id: string, type: string | undefined): boolean {
    const entry = this.running.get(id)
    if (entry !== undefined) {
      entry.runs++
      this.bump(entry.type, 1)
      return true
    }
    if (this.running.size >= this.options.maxAgents) return false
    const resolved = type ?? this.health.get(id)?.type ?? ''
    this.running.set(id, { type: resolved, runs: 1 })
    this.bump(resolved, 1)
    return true
  }

  /**
   * An agent stopped. An agent never seen starting (the collector was attached later) is
   * ignored: the count never goes below what was seen.
   */
  stopped(id: string): void {
    const entry = this.running.get(id)
    if (entry === undefined) return
    entry.runs--
    this.bump(entry.type, -1)
    if (entry.runs <= 0) this.running.delete(id)
  }

  /** An agent left the registry: it is neither running nor healthy any more. */
  unregistered(id: string): void {
    const entry = this.running.get(id)
    if (entry !== undefined) {
      this.bump(entry.type, -entry.runs)
      this.running.delete(id)
    }
    this.health.delete(id)
  }

  /** A health check. False when the agent is new and `maxAgents` health reports are kept. */
  checked(id: string, type: string | undefined, healthy: boolean, now: number): boolean {
    const entry = this.health.get(id)
    if (entry === undefined && this.health.size >= this.options.maxAgents) {
      this.expire(now)
      if (this.health.size >= this.options.maxAgents) return false
    }
    const resolved = type ?? entry?.type ?? this.running.get(id)?.type ?? ''
    this.health.set(id, { type: resolved, healthy, at: now })
    return true
  }

  /** Running agents by type (types seen before and now idle report 0). */
  active(): ReadonlyMap<string, number> {
    return this.activeByType
  }

  /** Agents whose last health check in the window passed, by type (0 for types all unhealthy). */
  healthy(now: number): Map<string, number> {
    this.expire(now)
    const out = new Map<string, number>()
    for (const { type, healthy } of this.health.values())
      out.set(type, (out.get(type) ?? 0) + (healthy ? 1 : 0))
    return out
  }

  private expire(now: number): void {
    const oldest = now - this.options.window
    for (const [id, entry] of this.health) if (entry.at <= oldest) this.health.delete(id)
  }

  private bump(type: string, by: number): void {
    const next = (this.activeByType.get(type) ?? 0) + by
    if (next <= 0 && this.activeByType.size > this.options.maxAgents) this.activeByType.delete(type)
    else this.activeByType.set(type, Math.max(0, next))
  }
}
