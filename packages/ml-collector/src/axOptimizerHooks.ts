import { type AxStatsLike, finite } from './axMapping.ts'
import type { AxOptimizationRuns } from './axOptimizationRuns.ts'
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
  return {
    onProgress: (p) => {
      try {
        runs.round(p?.round, p?.currentScore, p?.bestScore)
      } catch (error) {
        report('progress', `instrumentAx: onProgress failed: ${String(error)}`, { error })
      }
    },
    onEarlyStop: (reason) => {
      const run = runs.current()
      if (run) run.earlyStop = String(reason)
    },
    optimizerLogger: (data) => {
      try {
        if (data?.name === 'RoundProgress')
          runs.round(data.value.round, data.value.currentScore, data.value.bestScore)
        else if (data?.name === 'EarlyStopping') {
          const run = runs.current()
          if (run) run.earlyStop = String(data.value.reason)
        } else if (data?.name === 'OptimizationComplete') {
          const run = runs.current()
          const best = finite(data.value.bestScore)
          if (run && best !== undefined) run.bestScore = best
        }
      } catch (error) {
        report('logger', `instrumentAx: optimizerLogger failed: ${String(error)}`, { error })
      }
    },
    debugOptimizer: true,
  }
}
