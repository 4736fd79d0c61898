import type { Attributes, SpanContext, SpanKind } from '@foundation-telemetry/core'
import { hasErrorMark, type ResolvedAdjustments } from './adjustments.ts'
import { DROP, KEEP_UNWEIGHTED, type NameState, type TraceResult } from './nameState.ts'
import { readOtelTraceState, writeOtelTraceState } from './otelTraceState.ts'
import type { RuleBook } from './ruleBook.ts'
import { keepsAt, padThreshold, TRACE_ID_RANDOMNESS_OFFSET } from './threshold.ts'
import type { Sampler, TraceSampler } from './types.ts'

/** What core (and the OpenTelemetry adapter) pass for one new span. */
export interface TraceInput {
  traceId: string
  name: string
  kind: SpanKind
  attributes: Attributes
  parent: SpanContext | undefined
}

/**
 * A child follows its parent: sampled iff the parent is, with the parent's tracestate passed on
 * unchanged, except that a `th` the parent's randomness does not reach (so the parent was not
 * kept by it) is erased, as the specification asks of parent-based samplers.
 */
export function followParent(parent: SpanContext): TraceResult {
  if ((parent.traceFlags & 1) !== 1) return DROP
  const traceState = parent.traceState
  if (traceState === undefined || !traceState.includes('ot=')) return KEEP_UNWEIGHTED
  const ot = readOtelTraceState(traceState)
  if (ot.th === undefined) return KEEP_UNWEIGHTED
  const consistent =
    ot.rv !== undefined
      ? keepsAt(ot.rv, 0, padThreshold(ot.th))
      : keepsAt(parent.traceId, TRACE_ID_RANDOMNESS_OFFSET, padThreshold(ot.th))
  if (consistent) return KEEP_UNWEIGHTED
  const erased = writeOtelTraceState(traceState, { rv: ot.rv, rest: ot.rest })
  return erased === undefined ? { sampled: true, traceState: '' } : { sampled: true, traceState: erased }
}

/**
 * The root decision for a state: probabilistic rules compare the trace id's randomness with the
 * name's threshold (so every process using the same rate keeps the same traces) and mark kept
 * traces with `ot=th:...`; rate limits and lower bounds keep without a threshold.
 */
export function decideRoot(
  state: NameState,
  traceId: string,
  attributes: Attributes | undefined,
  adjustments: ResolvedAdjustments,
): TraceResult {
  const rule = state.rule
  state.seen++
  rule.intervalSeen++
  switch (rule.kind) {
    case 'always':
      state.sampled++
      return state.level.keep
    case 'never':
      state.dropped++
      return DROP
    case 'rate_limited':
      if (rule.bucket?.take()) {
        state.sampled++
        return KEEP_UNWEIGHTED
      }
      state.dropped++
      return DROP
    default: {
      const level =
        adjustments.errorFactor !== 1 && hasErrorMark(attributes, adjustments.errorKeys)
          ? state.errorLevel
          : state.level
      const th14 = level.th14
      if (th14 !== undefined && keepsAt(traceId, TRACE_ID_RANDOMNESS_OFFSET, th14)) {
        state.sampled++
        return level.keep
      }
      if (rule.lowerBound?.take()) {
        state.sampled++
        return KEEP_UNWEIGHTED
      }
      state.dropped++
      return DROP
    }
  }
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
      return decideRoot(state, input.traceId, input.attributes, adjustments)
    },
  }
}
