/**
 * The handlers event rules listen through: one per event rule, attached when the engine is
 * created (so an event before the first evaluation is not lost), ignoring events once the engine
 * stopped. Each event steps the rule at once and flushes the groups due now (`wait: 0`).
 */
import type { Clock, Telemetry } from '@foundation-telemetry/core'
import type { Evaluator } from './evaluator.ts'
import type { RuleRuntime } from './ruleRuntime.ts'

/** What the handlers drive. */
export interface EventRuleTargets {
  clock: Clock
  evaluator: Pick<Evaluator, 'onEvent'>
  dispatcher: { endBatch(): void }
  /** Read on every event: true once the engine stopped. */
  loop: { readonly stopped: boolean }
}

/**
 * Attach a handler `${prefix}.${index}.${rule name}` for each event rule among `runtimes`.
 * Returns the function that detaches them all.
 */
export function attachEventRules(
  t: Telemetry,
  prefix: string,
  runtimes: readonly RuleRuntime[],
  targets: EventRuleTargets,
): () => void {
  const { clock, evaluator, dispatcher, loop } = targets
  const detachers: Array<() => void> = []
  for (const [i, rt] of runtimes.entries()) {
    if (rt.compiled.kind !== 'event') continue
    detachers.push(
      t.attach(
        `${prefix}.${i}.${rt.compiled.rule.name}`,
        rt.compiled.events,
        (_event, measurements, metadata) => {
          if (loop.stopped) return
          evaluator.onEvent(rt, measurements, metadata, clock.now())
          dispatcher.endBatch()
        },
      ),
    )
  }
  return () => {
    for (const detach of detachers.splice(0)) detach()
  }
}
