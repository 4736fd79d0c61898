import type { Metadata, Span, Telemetry } from '@foundation-telemetry/core'
import { finite, runOutcome } from './axMapping.ts'
import { type Operation, type OperationEvents, operationEvents, startOperation } from './operation.ts'

/** What an optimization run is about. */
export interface AxRunMetadata {
  program_id: string
  /** The optimizer, e.g. `gepa`, `bootstrap_few_shot`. Defaults to `ax`. */
  strategy?: string
  /** Defaults to a generated id. */
  optimization_id?: string
  program_type?: string
  /** The program's score before optimization, if you measured it; else the first round's score. */
  initial_score?: number
}

/** An optimization run in progress: what the optimizer hooks have reported into it so far. */
export interface AxRunState {
  op: Operation
  meta: Metadata
  span: Span
  rounds: number
  lastRound: number
  /** When the last round ended (or the run began), on the telemetry's monotonic clock. */
  roundEnd: number
  firstScore: number | undefined
  bestScore: number | undefined
  earlyStop: string | undefined
}

/**
 * The optimization runs in progress, innermost last. `optimize` runs one as a
 * `dspex.optimization.run` operation; the optimizer hooks report rounds into the innermost, each
 * a `dspex.optimization.iteration` operation under the run's span.
 */
export class AxOptimizationRuns {
  private readonly t: Telemetry
  private readonly extra: Metadata
  private readonly runs: AxRunState[] = []
  private count = 0
  private stopped = false
  // Event handles, resolved on first use (creating the runs touches nothing of `t`).
  private iterationEvents: OperationEvents | undefined
  private runEvents: OperationEvents | undefined

  /** `extra` is added to every event's metadata. */
  constructor(t: Telemetry, extra: Metadata) {
    this.t = t
    this.extra = extra
  }

  /** The innermost run in progress. */
  current(): AxRunState | undefined {
    return this.runs[this.runs.length - 1]
  }

  /** Stop recording rounds (`optimize` still runs and reports its run). */
  stop(): void {
    this.stopped = true
  }

  /**
   * Round `roundNumber` (the next one when not a number) of the innermost run ended with these
   * scores: an iteration from the previous round's end to now. A round already recorded is
   * ignored (Ax reports each through both `onProgress` and the logger), as is a round outside a
   * run or after `stop`.
   */
  round(roundNumber: unknown, currentScore: unknown, bestScore: unknown): void {
    const run = this.current()
    if (this.stopped || run === undefined) return
    const n = finite(roundNumber) ?? run.lastRound + 1
    if (n <= run.lastRound) return
    const t = this.t
    const score = finite(currentScore)
    const best = finite(bestScore)
    const now = t.clock.monotonic()
    const meta = {
      ...this.extra,
      strategy: run.meta.strategy,
      iteration: n,
      optimization_id: run.meta.optimization_id,
      program_id: run.meta.program_id,
    }
    this.iterationEvents ??= operationEvents(t, 'dspex.optimization.iteration')
    const op = startOperation(t, this.iterationEvents, meta, {
      parent: run.span,
      startedAt: run.roundEnd,
    })
    op.end(score === undefined ? {} : { performance_score: score })
    run.rounds++
    run.lastRound = n
    run.roundEnd = now
    run.firstScore ??= score
    if (best !== undefined) run.bestScore = best
  }

  /**
   * Run `compile` as a `dspex.optimization.run` operation, its span active: it ends with the
   * scores and convergence from the result and the rounds, or fails with `compile`'s error.
   */
  async optimize<TResult>(run: AxRunMetadata, compile: () => Promise<TResult>): Promise<TResult> {
    const t = this.t
    const meta: Metadata = {
      ...this.extra,
      optimization_id: run?.optimization_id ?? `ax-${++this.count}`,
      program_id: run?.program_id,
      strategy: run?.strategy ?? 'ax',
      ...(run?.program_type === undefined ? {} : { program_type: run.program_type }),
    }
    this.runEvents ??= operationEvents(t, 'dspex.optimization.run')
    const op = startOperation(t, this.runEvents, meta, {
      name: `optimize ${String(meta.program_id)}`,
    })
    const state: AxRunState = {
      op,
      meta,
      span: op.span,
      rounds: 0,
      lastRound: 0,
      roundEnd: t.clock.monotonic(),
      firstScore: undefined,
      bestScore: undefined,
      earlyStop: undefined,
    }
    const runs = this.runs
    runs.push(state)
    const done = () => {
      const i = runs.indexOf(state)
      if (i >= 0) runs.splice(i, 1)
    }
    let result: TResult
    try {
      result = await t.withContext(op.span, compile)
    } catch (error) {
      done()
      op.fail(error, undefined, { iterations: state.rounds })
      throw error
    }
    done()
    const outcome = runOutcome(result, state, run?.initial_score)
    op.end(outcome.measurements, outcome.metadata)
    return result
  }
}
