import { isSampled, type SpanContext, type SpanSampler } from '@foundation-telemetry/core'
import type { ResolvedAdjustments } from './adjustments.ts'
import { DROP, KEEP_UNWEIGHTED, type NameState, type TraceResult } from './nameState.ts'
import { readOtelTraceState, writeOtelTraceState } from './otelTraceState.ts'
import type { RuleBook } from './ruleBook.ts'
import { keeps, padThreshold, TRACE_ID_RANDOMNESS_OFFSET } from './threshold.ts'
import type { Sampler, TraceSampler } from './types.ts'

/** What core (and the OpenTelemetry adapter) pass for one new span: core's sampler input. */
export type TraceInput = Parameters<SpanSampler['shouldSample']>[0]

/**
 * A child follows its parent: sampled iff the parent is, with the parent's tracestate passed on
 * unchanged, except that a `th` the parent's randomness does not reach (so the parent was not
 * kept by it) is erased, as the specification asks of parent-based samplers.
 */
export function followParent(parent: SpanContext): TraceResult {
  if (!isSampled(parent)) return DROP
  const traceState = parent.traceState
  if (traceState === undefined || !traceState.includes('ot=')) return KEEP_UNWEIGHTED
  const ot = readOtelTraceState(traceState)
  if (ot.th === undefined) return KEEP_UNWEIGHTED
  const consistent =
    ot.rv !== undefined
      ? keeps(ot.rv, 0, padThreshold(ot.th))
      : keeps(parent.traceId, TRACE_ID_RANDOMNESS_OFFSET, padThreshold(ot.th))
  if (consistent) return KEEP_UNWEIGHTED
  const erased = writeOtelTraceState(traceState, { rv: ot.rv, rest: ot.rest })
  return erased === undefined ? { sampled: true, traceState: '' } : { sampled: true, traceState: erased }
}

/**
 * Root decisions of the strategies that are not a probability: `always` keeps with `th:0`,
 * `never` drops, a rate limit keeps without a threshold (its adjusted count is unknown).
 */
function decideOther(state: NameState): TraceResult {
  const rule = state.rule
  state.seen++
  if (rule.kind === 'always') {
    state.sampled++
    return state.level.keep
  }
  if (rule.kind === 'rate_limited' && rule.bucket?.take()) {
    state.sampled++
    return KEEP_UNWEIGHTED
  }
  state.dropped++
  return DROP
}

/** A probabilistic root the threshold did not keep: the lower bound may still keep it. */
function missed(state: NameState): TraceResult {
  if (state.rule.lowerBound?.take()) {
    state.sampled++
    return KEEP_UNWEIGHTED
  }
  state.dropped++
  return DROP
}

/** `sampler.traces`: core's span sampler over the sampler's rules. */
export function createTraceSampler(
  sampler: Sampler,
  book: RuleBook,
  adjustments: ResolvedAdjustments,
): TraceSampler {
  // Root spans of one name tend to come in runs: the last name's state skips the map.
  let lastName: string | undefined
  let lastState: NameState | undefined
  const hasErrorMark = adjustments.hasErrorMark
  return {
    events: sampler,
    shouldSample(input: TraceInput): TraceResult {
      if (input.parent !== undefined) return followParent(input.parent)
      const name = input.name
      let state = lastState
      if (name !== lastName || state === undefined) {
        state = book.stateFor(typeof name === 'string' ? name : String(name))
        lastName = name
        lastState = state
      }
      // Probabilistic rules (random, adaptive, reservoir): the randomness of the trace id against
      // the name's threshold, so every process at the same rate keeps the same traces.
      if (!state.rule.probabilistic) return decideOther(state)
      state.seen++
      const level =
        state.errorLevel !== state.level && hasErrorMark(input.attributes) ? state.errorLevel : state.level
      // The first digit of the randomness decides unless it ties with the threshold's (1 in 16).
      const r0 = input.traceId.charCodeAt(TRACE_ID_RANDOMNESS_OFFSET) | 32
      const th0 = level.th0
      if (
        r0 > th0 ||
        (r0 === th0 && keeps(input.traceId, TRACE_ID_RANDOMNESS_OFFSET, level.th14 as string))
      ) {
        state.sampled++
        return level.keep
      }
      return missed(state)
    },
  }
}
