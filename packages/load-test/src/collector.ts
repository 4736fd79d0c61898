/**
 * The main thread's results: every finished iteration, from this thread or a worker, lands here.
 * Warm-up and cool-down iterations feed telemetry (they are real load) but not the report; the
 * measured ones go to their scenario's stats and the timeline.
 */
import type { Outcome } from './iteration.ts'
import type { Phase } from './loadProfile.ts'
import type { IterationCompleted, ResultSink } from './runtime.ts'
import { ScenarioStats } from './scenarioStats.ts'
import type { TelemetryFeed } from './telemetryFeed.ts'
import { Timeline } from './timeline.ts'

/** Collects one run's results. */
export class Collector implements ResultSink {
  readonly stats: ScenarioStats[]
  readonly timeline: Timeline
  private readonly feed: TelemetryFeed
  private readonly mainStartMs: number

  constructor(scenarioCount: number, feed: TelemetryFeed, warmupMs: number, plannedMainMs: number) {
    this.stats = Array.from({ length: scenarioCount }, () => new ScenarioStats())
    this.timeline = new Timeline(plannedMainMs)
    this.feed = feed
    this.mainStartMs = warmupMs
  }

  started(scenario: number, vu: number): void {
    this.feed.iterationStart(scenario, vu)
  }

  readonly completed: IterationCompleted = (scenario, vu, phase, atMs, latencyMs, outcome) => {
    if (outcome.ok) this.feed.iterationStop(scenario, vu, latencyMs, true, undefined)
    else if (!outcome.interrupted) this.feed.iterationStop(scenario, vu, latencyMs, false, outcome.category)
    this.measure(scenario, phase, atMs, latencyMs, outcome)
  }

  /** An iteration a worker thread ran. */
  fromWorker(scenario: number, phase: Phase, atMs: number, latencyMs: number, outcome: Outcome): void {
    if (outcome.ok || !outcome.interrupted) {
      this.feed.request(scenario, latencyMs, outcome.ok, outcome.ok ? undefined : outcome.category)
    }
    this.measure(scenario, phase, atMs, latencyMs, outcome)
  }

  dropped(scenario: number, phase: Phase, n = 1): void {
    if (phase === 'main') this.stats[scenario]!.dropped += n
  }

  private measure(scenario: number, phase: Phase, atMs: number, latencyMs: number, outcome: Outcome): void {
    if (phase !== 'main') return
    const stats = this.stats[scenario]!
    if (outcome.ok) stats.record(latencyMs, true)
    else if (outcome.interrupted) {
      stats.interrupted++
      return
    } else stats.record(latencyMs, false, outcome.category, outcome.message)
    this.timeline.add(atMs - this.mainStartMs, latencyMs, outcome.ok)
  }

  /** Every scenario merged. */
  total(): ScenarioStats {
    const total = new ScenarioStats()
    for (const s of this.stats) total.merge(s)
    return total
  }
}
