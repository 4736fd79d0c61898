import type { Measurements, Metadata } from '@foundation-telemetry/core'
import type { NameState } from './nameState.ts'
import type { ReportInvalid } from './problems.ts'
import type { RuleBook } from './ruleBook.ts'
import { keeps, TRACE_ID_RANDOMNESS_OFFSET } from './threshold.ts'

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
          if (keeps(traceId, TRACE_ID_RANDOMNESS_OFFSET, level.th14)) count = 1 / level.actual
        } else if (random() < level.p) count = 1 / level.p
      }
      if (count === 0 && rule.lowerBound?.take()) count = 1
    }
  }
  if (count > 0) state.sampled++
  else state.dropped++
  return count
}

/**
 * `sampler.sampleEvent`: the decision for one event by name, with the input guarded (an unusable
 * name is reported through `invalid` and dropped; measurements or metadata that are not objects
 * read as empty). One closure per sampler, calling {@link decideEvent} directly.
 */
export function createSampleEvent(
  book: Pick<RuleBook, 'stateFor'>,
  random: () => number,
  hasErrorMark: (metadata: Metadata) => boolean,
  invalid: ReportInvalid,
): (event: string, measurements: Measurements, metadata: Metadata) => number {
  return (event, measurements, metadata) => {
    if (typeof event !== 'string' || event === '') {
      invalid('event name must be a non-empty string', { event_name: event })
      return 0
    }
    const m = typeof measurements === 'object' && measurements !== null ? measurements : {}
    const md = typeof metadata === 'object' && metadata !== null ? metadata : {}
    return decideEvent(book.stateFor(event), event, m, md, random, hasErrorMark)
  }
}
