import type { Measurements, Metadata } from '@foundation-telemetry/core'
import type { NameState } from './nameState.ts'
import { keepsAt, TRACE_ID_RANDOMNESS_OFFSET } from './threshold.ts'

/**
 * The event-level decision for one name's state: the adjusted count of a kept event, or 0.
 * Probabilistic rules use the trace's randomness when the metadata carries a `trace_id` (so the
 * events of one trace are kept or dropped together, consistently with the trace's own decision)
 * and `random` otherwise; a reservoir holds the event until its interval ends.
 */
export function decideEvent(
  state: NameState,
  event: string,
  measurements: Measurements,
  metadata: Metadata,
  random: () => number,
  hasErrorMark: (metadata: Metadata) => boolean,
): number {
  const rule = state.rule
  state.seen++
  let count = 0
  switch (rule.kind) {
    case 'always':
      count = 1
      break
    case 'never':
      break
    case 'rate_limited':
      if (rule.bucket?.take()) count = 1
      break
    case 'reservoir':
      rule.hold(event, measurements, metadata)
      state.held++
      return 0
    default: {
      const level =
        state.errorLevel !== state.level && hasErrorMark(metadata) ? state.errorLevel : state.level
      if (level.th14 !== undefined) {
        const traceId = metadata.trace_id
        if (typeof traceId === 'string' && traceId.length === 32) {
          if (keepsAt(traceId, TRACE_ID_RANDOMNESS_OFFSET, level.th14)) count = 1 / level.actual
        } else if (random() < level.p) count = 1 / level.p
      }
      if (count === 0 && rule.lowerBound?.take()) count = 1
    }
  }
  if (count > 0) state.sampled++
  else state.dropped++
  return count
}
