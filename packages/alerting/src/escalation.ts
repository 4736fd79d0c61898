/**
 * Escalation as PagerDuty's policies run it: the first level is told with the grouped
 * notification; an alert nobody acknowledged within a level's timeout goes to the next level's
 * notifiers; after the last level the policy starts over `loops` more times. Acknowledging or
 * resolving the alert stops it; levels that were told get the resolution too.
 */
import type { Clock, ClockTimer } from '@foundation-telemetry/core'
import { parseDuration } from './duration.ts'
import { type CompiledMatcher, compileMatchers, type MatchersInput, matchesAll } from './matchers.ts'
import { buildNotification, type GroupedAlert } from './notification.ts'
import type { Duration, Notification } from './types.ts'

/** One level of an escalation policy. */
export interface EscalationLevel {
  /** Names of the notifiers told at this level. */
  notifiers: readonly string[]
  /** How long this level has to acknowledge before the next one is told (`after` is read too). */
  timeout?: Duration
  after?: Duration
}

/** An escalation policy (`createAlerting({ escalation })`). */
export interface EscalationOptions {
  /** The levels, first first. The first level's notifiers get the grouped notifications. */
  levels: readonly EscalationLevel[]
  /** Times the policy starts over after its last level. Defaults to 0. */
  loops?: number
  /** Only alerts matching these escalate. Defaults to every alert. */
  matchers?: MatchersInput
}

interface Running {
  alert: GroupedAlert
  groupKey: string
  level: number
  loop: number
  timer: ClockTimer | undefined
  /** Notifiers beyond the first level that were told about it. */
  told: Set<string>
}

/** Hooks the escalator uses. */
export interface EscalatorDeps {
  clock: Clock
  send(receiver: string, notification: Notification): void
  /** Whether the alert still fires, unacknowledged and not muted. */
  stillEscalating(fingerprint: string): boolean
  urls: { externalURL: string; generatorURL: string }
}

/** Runs escalation policies per alert. */
export class Escalator {
  private readonly levels: ReadonlyArray<{ notifiers: readonly string[]; timeoutMs: number }>
  private readonly loops: number
  private readonly matchers: CompiledMatcher[]
  private readonly running = new Map<string, Running>()
  private readonly deps: EscalatorDeps

  constructor(
    options: EscalationOptions | undefined,
    deps: EscalatorDeps,
    report: (field: string, message: string) => void,
  ) {
    this.deps = deps
    const levels: Array<{ notifiers: readonly string[]; timeoutMs: number }> = []
    for (const [i, level] of (options?.levels ?? []).entries()) {
      const timeoutMs = parseDuration(level?.timeout ?? level?.after)
      if (timeoutMs === undefined || timeoutMs <= 0 || !Array.isArray(level.notifiers)) {
        report(`levels[${i}]`, 'a level needs notifiers (names) and a positive timeout')
        continue
      }
      levels.push({ notifiers: level.notifiers, timeoutMs })
    }
    this.levels = levels
    this.loops = Math.max(0, Math.floor(options?.loops ?? 0))
    const compiled = compileMatchers(options?.matchers ?? [])
    if (typeof compiled === 'string') report('matchers', compiled)
    this.matchers = typeof compiled === 'string' ? [] : compiled
  }

  /** Notifiers that only escalation reaches (levels after the first). */
  escalationOnly(): Set<string> {
    const first = new Set(this.levels[0]?.notifiers ?? [])
    const out = new Set<string>()
    for (const level of this.levels.slice(1)) for (const n of level.notifiers) if (!first.has(n)) out.add(n)
    return out
  }

  /** Firing alerts were just told to the first level: start their clocks. */
  started(alerts: readonly GroupedAlert[], groupKey: string, now: number): void {
    if (this.levels.length === 0) return
    void now
    for (const alert of alerts) {
      if (this.running.has(alert.fingerprint) || !matchesAll(this.matchers, alert.labels)) continue
      const run: Running = { alert, groupKey, level: 0, loop: 0, timer: undefined, told: new Set() }
      this.running.set(alert.fingerprint, run)
      this.arm(run)
    }
  }

  /** Stop escalating an alert (acknowledged). */
  acknowledge(fingerprint: string): boolean {
    const run = this.running.get(fingerprint)
    if (run === undefined) return false
    if (run.timer !== undefined) this.deps.clock.clearTimeout(run.timer)
    run.timer = undefined
    return true
  }

  /** The alert resolved: stop, and tell the escalated levels. */
  resolved(fingerprint: string, resolvedAlert: GroupedAlert): void {
    const run = this.running.get(fingerprint)
    if (run === undefined) return
    this.acknowledge(fingerprint)
    this.running.delete(fingerprint)
    for (const receiver of run.told) {
      this.deps.send(receiver, this.notification(receiver, run, resolvedAlert))
    }
  }

  /** Stop every timer. */
  stop(): void {
    for (const run of this.running.values()) {
      if (run.timer !== undefined) this.deps.clock.clearTimeout(run.timer)
      run.timer = undefined
    }
  }

  private arm(run: Running): void {
    const level = this.levels[run.level]
    if (level === undefined) return
    run.timer = this.deps.clock.setTimeout(() => {
      run.timer = undefined
      this.escalate(run)
    }, level.timeoutMs)
    run.timer.unref?.()
  }

  private escalate(run: Running): void {
    if (!this.deps.stillEscalating(run.alert.fingerprint)) return
    let next = run.level + 1
    if (next >= this.levels.length) {
      if (run.loop >= this.loops) return
      run.loop++
      next = 0
    }
    run.level = next
    for (const receiver of this.levels[next]!.notifiers) {
      run.told.add(receiver)
      this.deps.send(receiver, this.notification(receiver, run, run.alert))
    }
    this.arm(run)
  }

  private notification(receiver: string, run: Running, alert: GroupedAlert): Notification {
    const n = buildNotification(
      receiver,
      run.groupKey,
      {},
      [alert],
      this.deps.urls.externalURL,
      this.deps.urls.generatorURL,
    )
    n.escalationLevel = run.level
    return n
  }
}
