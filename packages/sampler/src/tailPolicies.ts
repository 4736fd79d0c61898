/**
 * The tail sampler's per-trace state and its policies, as plain functions: a trace's buffered
 * spans and what they showed (an error, the time span, the first attribute rule matched), and
 * the decision taken on them (error, latency, attribute rule, then probabilistic on the trace id
 * with the head's threshold raised proportionally).
 */
import { type AttributeValue, type ReadableSpan, readOptionKeys } from '@foundation-telemetry/core'
import { readOtelTraceState, writeOtelTraceState } from './otelTraceState.ts'
import type { AttributeRule } from './tailSampler.ts'
import {
  keeps,
  padThreshold,
  probabilityToThreshold,
  TRACE_ID_RANDOMNESS_OFFSET,
  thresholdProbability,
} from './threshold.ts'

/** A trace waiting for its decision. */
export interface BufferedTrace {
  spans: ReadableSpan[]
  bytes: number
  /** Monotonic ms: when the trace is decided. */
  due: number
  rootEnded: boolean
  error: boolean
  start: number
  end: number
  /** The first attribute rule a span matched. */
  matched: string | undefined
}

/** A decision to keep: the policy that kept it and the tracestate to write (null: unchanged). */
export interface Kept {
  policy: string
  traceState: string | null
}

/** An attribute rule, read once. */
export interface CompiledAttributeRule {
  name: string
  key: string
  values: readonly AttributeValue[] | undefined
  pattern: RegExp | undefined
}

/** What the policies need to know, read from the options once. */
export interface PolicySettings {
  keepErrors: boolean
  latencyMs: number | undefined
  /** The share of the remaining traces kept, and its threshold (undefined: keep none). */
  probability: number
  ownThreshold: string | undefined
}

/** A new trace whose first span arrives at `now`: decided at the latest `maxAgeMs` later. */
export function newTrace(span: ReadableSpan, now: number, maxAgeMs: number): BufferedTrace {
  return {
    spans: [],
    bytes: 0,
    due: now + maxAgeMs,
    rootEnded: false,
    error: false,
    start: span.startTime,
    end: span.endTime,
    matched: undefined,
  }
}

/**
 * Add `span` (estimated at `bytes`) to `trace`: its error, its times, the first rule it matches,
 * and, for the root span, a decision `waitMs` after now at the latest.
 */
export function addSpan(
  trace: BufferedTrace,
  span: ReadableSpan,
  bytes: number,
  now: number,
  waitMs: number,
  rules: readonly CompiledAttributeRule[],
): void {
  trace.spans.push(span)
  trace.bytes += bytes
  if (span.status.code === 2) trace.error = true
  if (span.startTime < trace.start) trace.start = span.startTime
  if (span.endTime > trace.end) trace.end = span.endTime
  if (trace.matched === undefined && rules.length > 0) trace.matched = matchAttributeRule(rules, span)
  if (span.parentSpanId === undefined && !trace.rootEnded) {
    trace.rootEnded = true
    trace.due = Math.min(trace.due, now + waitMs)
  }
}

/** The name of the first rule `span` matches, if any. */
export function matchAttributeRule(
  rules: readonly CompiledAttributeRule[],
  span: ReadableSpan,
): string | undefined {
  for (const rule of rules) {
    const v = span.attributes[rule.key]
    if (v === undefined) continue
    if (rule.values?.includes(v)) return rule.name
    if (rule.pattern !== undefined && typeof v === 'string' && rule.pattern.test(v)) return rule.name
  }
  return undefined
}

/** Keep or drop (undefined) the trace `traceId`: the policies in order. */
export function decideTrace(
  traceId: string,
  trace: BufferedTrace,
  settings: PolicySettings,
): Kept | undefined {
  if (settings.keepErrors && trace.error) return { policy: 'error', traceState: null }
  if (settings.latencyMs !== undefined && trace.end - trace.start > settings.latencyMs)
    return { policy: 'latency', traceState: null }
  if (trace.matched !== undefined) return { policy: trace.matched, traceState: null }
  return probabilistic(traceId, trace.spans[0] as ReadableSpan, settings)
}

/** The probabilistic decision: proportional to the head threshold when the trace carries one. */
export function probabilistic(
  traceId: string,
  sample: ReadableSpan,
  settings: PolicySettings,
): Kept | undefined {
  if (settings.ownThreshold === undefined) return undefined
  const ts = sample.spanContext.traceState
  const ot = readOtelTraceState(ts)
  const th =
    ot.th === undefined
      ? settings.ownThreshold
      : probabilityToThreshold(settings.probability * thresholdProbability(ot.th))
  if (th === undefined) return undefined
  const randomness = ot.rv
  const keep =
    randomness !== undefined
      ? keeps(randomness, 0, padThreshold(th))
      : keeps(traceId, TRACE_ID_RANDOMNESS_OFFSET, padThreshold(th))
  if (!keep) return undefined
  return { policy: 'probabilistic', traceState: writeOtelTraceState(ts, { ...ot, th }) ?? null }
}

/** `span` as forwarded under `decision`: with the decision's tracestate, when it writes one. */
export function withDecision(span: ReadableSpan, decision: Kept): ReadableSpan {
  return decision.traceState === null
    ? span
    : { ...span, spanContext: { ...span.spanContext, traceState: decision.traceState } }
}

const ATTRIBUTE_RULE_KEYS = ['name', 'key', 'values', 'pattern'] as const

/** The attribute rules, read once; a rule without a string `key` is skipped and named in `problems`. */
export function attributeRules(value: unknown, problems: string[]): CompiledAttributeRule[] {
  if (value === undefined) return []
  if (!Array.isArray(value)) {
    problems.push('attributes')
    return []
  }
  const rules: CompiledAttributeRule[] = []
  for (const raw of value) {
    const { options: r, unreadable } = readOptionKeys<AttributeRule>(raw, ATTRIBUTE_RULE_KEYS)
    if (unreadable.length > 0 || typeof r.key !== 'string') {
      problems.push('attributes')
      continue
    }
    rules.push({
      name: typeof r.name === 'string' ? r.name : 'attribute',
      key: r.key,
      values:
        r.values === undefined
          ? undefined
          : Array.isArray(r.values)
            ? r.values
            : [r.values as AttributeValue],
      pattern: r.pattern instanceof RegExp ? r.pattern : undefined,
    })
  }
  return rules
}
