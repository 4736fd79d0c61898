/**
 * When thresholds are judged while a run goes: the evaluator is armed as the measured phase begins
 * (so warm-up stays out of its windows), then ticked every `step` ms until the measured phase ends;
 * a tick that reports a failed `abortOnFail` threshold stops the run.
 */
import type { ClockTimer } from '@foundation-telemetry/core'
import { mainElapsedAt } from './loadProfile.ts'
import type { Runtime } from './runtime.ts'
import type { ThresholdEvaluator } from './thresholdEvaluator.ts'

/** What the schedule needs of the evaluator. */
export type ScheduledEvaluator = Pick<ThresholdEvaluator, 'step' | 'arm' | 'tick'>

/** Schedule `evaluator` on `rt`'s clock; returns what cancels every timer it set. */
export function scheduleThresholds(rt: Runtime, evaluator: ScheduledEvaluator): () => void {
  const { clock } = rt
  const profile = rt.plan.profile
  const step = evaluator.step()
  let ticker: ClockTimer | undefined
  const arm = clock.setTimeout(() => {
    evaluator.arm()
    if (step === undefined) return
    ticker = clock.setInterval(() => {
      const now = clock.monotonic()
      if (now > rt.runStart + profile.warmupMs + profile.mainMs) return
      if (evaluator.tick(mainElapsedAt(profile, rt.runStart, now))) rt.stop('threshold')
    }, step)
  }, profile.warmupMs)
  return () => {
    clock.clearTimeout(arm)
    if (ticker !== undefined) clock.clearInterval(ticker)
  }
}
