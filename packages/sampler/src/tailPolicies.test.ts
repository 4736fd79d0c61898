import type { ReadableSpan } from '@foundation-telemetry/core'
import { describe, expect, it } from 'vitest'
import {
  addSpan,
  attributeRules,
  decideTrace,
  matchAttributeRule,
  newTrace,
  type PolicySettings,
  withDecision,
} from './tailPolicies.ts'
import { probabilityToThreshold } from './threshold.ts'

const TRACE = '0af7651916cd43dd8448eb211c80319c'

/** A finished span of the trace, root unless `parent` is given. */
function span(
  fields: { start?: number; end?: number; error?: boolean; parent?: string; attributes?: object } = {},
): ReadableSpan {
  return {
    name: 's',
    kind: 0,
    spanContext: { traceId: TRACE, spanId: 'b7ad6b7169203331', traceFlags: 1 },
    parentSpanId: fields.parent,
    startTime: fields.start ?? 1000,
    endTime: fields.end ?? 1010,
    duration: (fields.end ?? 1010) - (fields.start ?? 1000),
    attributes: (fields.attributes ?? {}) as ReadableSpan['attributes'],
    events: [],
    links: [],
    status: { code: fields.error ? 2 : 0 },
    resource: {},
    instrumentationScope: { name: 'test' },
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
  } as ReadableSpan
}

const settings = (over: Partial<PolicySettings> = {}): PolicySettings => ({
  keepErrors: true,
  latencyMs: undefined,
  probability: 0,
  ownThreshold: undefined,
  ...over,
})

describe('tail sampling policies', () => {
  it('tracks a trace: errors, earliest start and latest end, and a root due after the wait', () => {
    const child = span({ parent: 'aaaaaaaaaaaaaaaa', start: 900, end: 950, error: true })
    const trace = newTrace(child, 0, 30_000)
    addSpan(trace, child, 100, 0, 500, [])
    expect(trace).toMatchObject({
      error: true,
      start: 900,
      end: 950,
      rootEnded: false,
      due: 30_000,
      bytes: 100,
    })
    addSpan(trace, span({ start: 1000, end: 2000 }), 50, 10, 500, [])
    expect(trace).toMatchObject({ start: 900, end: 2000, rootEnded: true, due: 510, bytes: 150 })
    expect(trace.spans).toHaveLength(2)
  })

  it('decides error first, then latency, then an attribute rule, else probabilistic', () => {
    const rules = attributeRules([{ name: 'vip', key: 'tier', values: 'gold' }], [])
    const trace = newTrace(span(), 0, 1000)
    addSpan(trace, span({ start: 0, end: 5000, error: true, attributes: { tier: 'gold' } }), 1, 0, 0, rules)
    expect(decideTrace(TRACE, trace, settings({ latencyMs: 100 }))?.policy).toBe('error')
    expect(decideTrace(TRACE, trace, settings({ keepErrors: false, latencyMs: 100 }))?.policy).toBe('latency')
    expect(decideTrace(TRACE, trace, settings({ keepErrors: false }))?.policy).toBe('vip')
    trace.matched = undefined
    expect(decideTrace(TRACE, trace, settings({ keepErrors: false }))).toBeUndefined()
    const all = settings({ keepErrors: false, probability: 1, ownThreshold: probabilityToThreshold(1) })
    expect(decideTrace(TRACE, trace, all)?.policy).toBe('probabilistic')
  })

  it('matches attribute rules by value or pattern and skips rules without a key', () => {
    const problems: string[] = []
    const rules = attributeRules([{ key: 'route', pattern: /^\/admin/ }, { name: 'no key' }], problems)
    expect(problems).toEqual(['attributes'])
    expect(matchAttributeRule(rules, span({ attributes: { route: '/admin/users' } }))).toBe('attribute')
    expect(matchAttributeRule(rules, span({ attributes: { route: '/home' } }))).toBeUndefined()
    expect(attributeRules('nope', problems)).toEqual([])
  })

  it('forwards a span unchanged unless the decision writes a tracestate', () => {
    const s = span()
    expect(withDecision(s, { policy: 'error', traceState: null })).toBe(s)
    expect(withDecision(s, { policy: 'probabilistic', traceState: 'ot=th:8' }).spanContext.traceState).toBe(
      'ot=th:8',
    )
    expect(s.spanContext.traceState).toBeUndefined()
  })
})
