import { type AxStatsLike, finite } from './axMapping.ts'
import type { AxOptimizationRuns } from './axOptimizationRuns.ts'
import { textOf } from './errorText.ts'
import type { ReportOnce } from './reportOnce.ts'

// The parts of Ax's types this module reads; Ax's own types are wider.
interface AxProgressLike {
  round?: number
  currentScore?: number
  bestScore?: number
  convergenceInfo?: { isConverging?: boolean }
}
type AxLoggerDataLike = { name: string; value: Record<string, unknown> }

/** The optimizer callbacks `AxInstrumentation.optimizerArgs()` returns. */
export interface AxOptimizerHooks {
  onProgress: (progress: Readonly<AxProgressLike>) => void
  onEarlyStop: (reason: string, stats: Readonly<AxStatsLike>) => void
  optimizerLogger: (data: AxLoggerDataLike) => void
  /** Makes Ax call `optimizerLogger` without its verbose console output. */
  debugOptimizer: true
}

/**
 * An optimizer's callbacks, reporting into the innermost of `runs`: rounds (from `onProgress` and
 * the logger's `RoundProgress`), the early-stop reason and the final best score. A callback that
 * fails is reported once through `report`, not thrown into Ax.
 */
export function axOptimizerHooks(runs: AxOptimizationRuns, report: ReportOnce): AxOptimizerHooks {
  const failed = (kind: string, hook: string, error: unknown) =>
    report(kind, `instrumentAx: ${hook} failed: ${textOf(error)}`, { error })
  const earlyStop = (reason: unknown) => {
    const run = runs.current()
    if (run) run.earlyStop = String(reason)
  }
  return {
    onProgress: (p) => {
      try {
        runs.round(p?.round, p?.currentScore, p?.bestScore)
      } catch (error) {
        failed('progress', 'onProgress', error)
      }
    },
    onEarlyStop: (reason) => {
      try {
        earlyStop(reason)
      } catch (error) {
        failed('early_stop', 'onEarlyStop', error)
      }
    },
    optimizerLogger: (data) => {
      try {
        if (data?.name === 'RoundProgress')
          runs.round(data.value.round, data.value.currentScore, data.value.bestScore)
        else if (data?.name === 'EarlyStopping') earlyStop(data.value.reason)
        else if (data?.name === 'OptimizationComplete') {
          const run = runs.current()
          const best = finite(data.value.bestScore)
          if (run && best !== undefined) run.bestScore = best
        }
      } catch (error) {
        failed('logger', 'optimizerLogger', error)
      }
    },
    debugOptimizer: true,
  }
}
