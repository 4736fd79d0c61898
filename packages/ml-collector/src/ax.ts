/**
 * `@foundation-telemetry/ml-collector/ax`: Ax instrumentation. `axGlobals.onUsage` becomes
 * `dspex.llm.usage` events (tokens and, through the collector, cost); an optimizer's progress
 * callbacks become `dspex.optimization.iteration` spans inside a `dspex.optimization.run` span.
 *
 * @example
 * ```ts
 * import { AxGEPA } from '@ax-llm/ax'
 * import { instrumentAx } from '@foundation-telemetry/ml-collector/ax'
 *
 * const axTelemetry = instrumentAx(t)
 * const optimizer = new AxGEPA({ studentAI, ...axTelemetry.optimizerArgs() })
 * const result = await axTelemetry.optimize({ program_id: 'qa', strategy: 'gepa' }, () =>
 *   optimizer.compile(program, examples, metric),
 * )
 * ```
 */
import type { Metadata, Span, Telemetry, TelemetryEvent } from '@foundation-telemetry/core'
import { readOptions, reportAttachFailure } from '@foundation-telemetry/core'
import {
  type AxStatsLike,
  type AxUsageEventLike,
  finite,
  runOutcome,
  usageMeasurements,
  usageMetadata,
} from './axMapping.ts'
import { type Operation, type OperationEvents, operationEvents, startOperation } from './operation.ts'
import { createReportOnce } from './reportOnce.ts'

// The parts of Ax's types this module reads; Ax's own types are wider.
interface AxProgressLike {
  round?: number
  currentScore?: number
  bestScore?: number
  convergenceInfo?: { isConverging?: boolean }
}
type AxLoggerDataLike = { name: string; value: Record<string, unknown> }

/** The `axGlobals` fields this module sets; pass Ax's `axGlobals`. */
export interface AxGlobalsLike {
  // `never`: any observer type fits, Ax's own included; this module only stores and chains it.
  onUsage: ((event: never) => unknown) | undefined
  tracer?: unknown
  meter?: unknown
}

/** Options of {@link instrumentAx}. */
export interface InstrumentAxOptions {
  /**
   * Ax's `axGlobals` (imported from `@ax-llm/ax`); its `onUsage` observer is set (chained to one
   * already there) and restored by `detach()`. Without it only the optimizer hooks are wired.
   */
  axGlobals?: AxGlobalsLike
  /**
   * An OpenTelemetry `Tracer` for Ax's own spans (`AI Chat Request`, `AxGen`, ...), set as
   * `axGlobals.tracer`. Ax spans then join your OpenTelemetry traces; Foundation spans join the
   * same traces when an OpenTelemetry SDK is registered. Defaults to leaving Ax's setting alone.
   */
  tracer?: unknown
  /** An OpenTelemetry `Meter` for Ax's own `ax_*` metrics, set as `axGlobals.meter`. */
  meter?: unknown
  /** Metadata added to every event (`program_id`, `agent_id`, ...). */
  metadata?: Metadata
}

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

/** The optimizer callbacks {@link AxInstrumentation.optimizerArgs} returns. */
export interface AxOptimizerHooks {
  onProgress: (progress: Readonly<AxProgressLike>) => void
  onEarlyStop: (reason: string, stats: Readonly<AxStatsLike>) => void
  optimizerLogger: (data: AxLoggerDataLike) => void
  /** Makes Ax call `optimizerLogger` without its verbose console output. */
  debugOptimizer: true
}

/** Ax instrumentation on one telemetry instance. */
export interface AxInstrumentation {
  /** Callbacks to spread into an optimizer's constructor arguments. */
  optimizerArgs(): AxOptimizerHooks
  /**
   * Run `compile` (an optimizer's `compile(...)`) as a `dspex.optimization.run` span: LLM usage
   * inside it lands in its trace (its cost), rounds reported by the hooks become its iterations,
   * and its stop event carries the scores and whether it converged.
   */
  optimize<TResult>(run: AxRunMetadata, compile: () => Promise<TResult>): Promise<TResult>
  /** Restore `axGlobals` and stop reporting. Idempotent. */
  detach(): void
}

const API = 'instrumentAx'
// Typed as a plain string: a usage event without a model is reported, not refused by the types.
const usageEvent: string = 'dspex.llm.usage'

/** State of the optimization run in progress (the hooks report into it). */
interface RunState {
  op: Operation
  meta: Metadata
  span: Span
  rounds: number
  lastRound: number
  roundEnd: number
  firstScore: number | undefined
  bestScore: number | undefined
  earlyStop: string | undefined
}

/**
 * Instrument Ax: usage observer, optimizer hooks and (optionally) its OpenTelemetry tracer and
 * meter. Never throws into Ax; bad input is reported once through the telemetry's error hook.
 */
export function instrumentAx(t: Telemetry, options: InstrumentAxOptions = {}): AxInstrumentation {
  try {
    return instrument(
      t,
      readOptions<InstrumentAxOptions>(t, API, options, ['axGlobals', 'tracer', 'meter', 'metadata']),
    )
  } catch (error) {
    // Hostile arguments (an `axGlobals` whose reads throw): report where possible, instrument nothing.
    reportAttachFailure(t, API, error)
    return inertAx
  }
}

/** Instruments nothing: the hooks do nothing and `optimize` just runs `compile`. */
const inertAx: AxInstrumentation = {
  optimizerArgs: () => ({
    onProgress() {},
    onEarlyStop() {},
    optimizerLogger() {},
    debugOptimizer: true,
  }),
  optimize: (_run, compile) => compile(),
  detach() {},
}

function instrument(t: Telemetry, options: InstrumentAxOptions): AxInstrumentation {
  const report = createReportOnce(t, API)
  const extra = options.metadata ?? {}
  const globals = options.axGlobals
  const previous = globals
    ? { onUsage: globals.onUsage, tracer: globals.tracer, meter: globals.meter }
    : undefined
  const runs: RunState[] = []
  let detached = false
  let runCount = 0
  // Event handles, resolved on first use (creating the instrumentation touches nothing of `t`).
  let usage: TelemetryEvent | undefined
  let iterationEvents: OperationEvents | undefined
  let runEvents: OperationEvents | undefined

  const onUsage = (event: Readonly<AxUsageEventLike>) => {
    if (detached) return
    try {
      const tokens = event?.tokens ?? {}
      const model = typeof event?.model === 'string' && event.model !== '' ? event.model : undefined
      if (model === undefined) report('no_model', `${API}: a usage event without a model`)
      usage ??= t.event(usageEvent)
      if (usage.hasHandlers()) {
        const active = t.activeSpan()?.spanContext()
        usage.execute(usageMeasurements(tokens), usageMetadata(event, model, extra, active))
      }
    } catch (error) {
      report('usage', `${API}: onUsage failed: ${String(error)}`, { error })
    }
    const chained = previous?.onUsage
    if (chained) {
      try {
        void Promise.resolve((chained as (e: unknown) => unknown)(event)).catch(() => {})
      } catch {
        // The user's own observer failed; Ax ignores it too.
      }
    }
  }

  if (globals) {
    globals.onUsage = onUsage
    if (options.tracer !== undefined) globals.tracer = options.tracer
    if (options.meter !== undefined) globals.meter = options.meter
  }

  const current = (): RunState | undefined => runs[runs.length - 1]

  const round = (roundNumber: unknown, currentScore: unknown, bestScore: unknown) => {
    const run = current()
    if (detached || run === undefined) return
    const n = finite(roundNumber) ?? run.lastRound + 1
    if (n <= run.lastRound) return // onProgress and the logger both report a round
    const score = finite(currentScore)
    const best = finite(bestScore)
    const now = t.clock.monotonic()
    const meta = {
      ...extra,
      strategy: run.meta.strategy,
      iteration: n,
      optimization_id: run.meta.optimization_id,
      program_id: run.meta.program_id,
    }
    iterationEvents ??= operationEvents(t, 'dspex.optimization.iteration')
    const op = startOperation(t, iterationEvents, meta, {
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

  const hooks: AxOptimizerHooks = {
    onProgress: (p) => {
      try {
        round(p?.round, p?.currentScore, p?.bestScore)
      } catch (error) {
        report('progress', `${API}: onProgress failed: ${String(error)}`, { error })
      }
    },
    onEarlyStop: (reason) => {
      const run = current()
      if (run) run.earlyStop = String(reason)
    },
    optimizerLogger: (data) => {
      try {
        if (data?.name === 'RoundProgress')
          round(data.value.round, data.value.currentScore, data.value.bestScore)
        else if (data?.name === 'EarlyStopping') {
          const run = current()
          if (run) run.earlyStop = String(data.value.reason)
        } else if (data?.name === 'OptimizationComplete') {
          const run = current()
          const best = finite(data.value.bestScore)
          if (run && best !== undefined) run.bestScore = best
        }
      } catch (error) {
        report('logger', `${API}: optimizerLogger failed: ${String(error)}`, { error })
      }
    },
    debugOptimizer: true,
  }

  return {
    optimizerArgs: () => hooks,

    async optimize<TResult>(run: AxRunMetadata, compile: () => Promise<TResult>): Promise<TResult> {
      const meta: Metadata = {
        ...extra,
        optimization_id: run?.optimization_id ?? `ax-${++runCount}`,
        program_id: run?.program_id,
        strategy: run?.strategy ?? 'ax',
        ...(run?.program_type === undefined ? {} : { program_type: run.program_type }),
      }
      runEvents ??= operationEvents(t, 'dspex.optimization.run')
      const op = startOperation(t, runEvents, meta, {
        name: `optimize ${String(meta.program_id)}`,
      })
      const state: RunState = {
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
    },

    detach() {
      if (detached) return
      detached = true
      if (globals && previous) {
        if (globals.onUsage === onUsage) globals.onUsage = previous.onUsage
        if (options.tracer !== undefined) globals.tracer = previous.tracer
        if (options.meter !== undefined) globals.meter = previous.meter
      }
    },
  }
}
