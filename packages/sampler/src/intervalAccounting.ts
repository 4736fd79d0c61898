/**
 * What ends with a periodic rule's interval, as counts on the per-name states: how many
 * decisions the rule made since its interval last ended, and, for a reservoir, which held events
 * became sampled (the ones it kept) and which dropped.
 */
import type { NameState } from './nameState.ts'
import type { Rule } from './rule.ts'

/** Decisions under `rule` since its interval last ended; moves each state's mark to now. */
export function seenSince(states: Iterable<NameState>, rule: Rule): number {
  let seen = 0
  for (const state of states) {
    if (state.rule !== rule) continue
    seen += state.seen - state.seenMark
    state.seenMark = state.seen
  }
  return seen
}

/**
 * Settle the events `rule` held this interval: per name, the `kept` ones (`stateOf` finds each
 * kept event's state) count as sampled and the rest of the held ones as dropped.
 */
export function settleHeld(
  states: Iterable<NameState>,
  rule: Rule,
  kept: readonly { readonly event: string }[],
  stateOf: (event: string) => NameState,
): void {
  const keptBy = new Map<NameState, number>()
  for (const item of kept) {
    const state = stateOf(item.event)
    keptBy.set(state, (keptBy.get(state) ?? 0) + 1)
  }
  for (const state of states) {
    if (state.rule !== rule || state.held === 0) continue
    const k = keptBy.get(state) ?? 0
    state.sampled += k
    state.dropped += state.held - k
    state.held = 0
  }
}
