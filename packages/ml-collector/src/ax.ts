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
import type { Metadata, Telemetry } from '@foundation-telemetry/core'
import { detachOnce, readOptions, reportAttachFailure } from '@foundation-telemetry/core'
import { type AxGlobalsLike, AxGlobalsPatch } from './axGlobalsPatch.ts'
import { AxOptimizationRuns, type AxRunMetadata } from './axOptimizationRuns.ts'
import { type AxOptimizerHooks, axOptimizerHooks } from './axOptimizerHooks.ts'
import { createAxUsageObserver } from './axUsageObserver.ts'
import { createReportOnce } from './reportOnce.ts'

export type { AxGlobalsLike, AxOptimizerHooks, AxRunMetadata }

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
  // Created first: it reads the fields it will restore, so a hostile `axGlobals` fails before any is set.
  const patch = options.axGlobals ? new AxGlobalsPatch(options.axGlobals) : undefined
  const usage = createAxUsageObserver(t, extra, report, patch?.previousOnUsage)
  patch?.apply({ onUsage: usage.onUsage, tracer: options.tracer, meter: options.meter })
  const runs = new AxOptimizationRuns(t, extra)
  const hooks = axOptimizerHooks(runs, report)
  return {
    optimizerArgs: () => hooks,
    optimize: (run, compile) => runs.optimize(run, compile),
    detach: detachOnce([() => usage.stop(), () => runs.stop(), () => patch?.restore()]),
  }
}
