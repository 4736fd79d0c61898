import { describe, expect, it } from 'vitest'
import { attachEventRules } from './eventRuleListeners.ts'
import { compileRules } from './ruleSet.ts'
import { errorRateRule, manualTelemetry } from './testHelpers.ts'
import type { AlertRule } from './types.ts'

const rules: AlertRule[] = [
  errorRateRule('Metric'),
  { name: 'Opened', event: 'demo.breaker.opened', when: () => true, severity: 'warning' },
  { name: 'Either', event: ['demo.a', 'demo.b'], when: () => true, severity: 'info' },
]

/** Handlers for `rules` on a manual telemetry, recording what they drive. */
function setup() {
  const env = manualTelemetry()
  const set = compileRules(rules, () => {})
  const heard: string[] = []
  const loop = { stopped: false }
  const detach = attachEventRules(env.t, 'alerting.7', set.runtimes, {
    clock: env.clock,
    evaluator: {
      onEvent: (rt, measurements, metadata, now) =>
        heard.push(`${rt.compiled.rule.name} ${JSON.stringify([measurements, metadata])} at ${now}`),
    },
    dispatcher: { endBatch: () => heard.push('endBatch') },
    loop,
  })
  return { ...env, heard, loop, detach }
}

describe('attachEventRules', () => {
  it('attaches one handler per event rule, named by prefix, index and rule name, to its events', () => {
    const { t, detach } = setup()
    expect(t.listHandlers('demo.').map((h) => `${h.id}:${h.eventName}`)).toEqual([
      'alerting.7.1.Opened:demo.breaker.opened',
      'alerting.7.2.Either:demo.a',
      'alerting.7.2.Either:demo.b',
    ])
    detach()
  })

  it('steps the rule at the clock time on each event, then ends the batch', () => {
    const { t, clock, heard, detach } = setup()
    t.execute('demo.breaker.opened', { value: 3 }, { breaker: 'db' })
    expect(heard).toEqual([`Opened [{"value":3},{"breaker":"db"}] at ${clock.now()}`, 'endBatch'])
    detach()
  })

  it('ignores events once the loop stopped', () => {
    const { t, heard, loop, detach } = setup()
    loop.stopped = true
    t.execute('demo.a', {}, {})
    expect(heard).toEqual([])
    detach()
  })

  it('detaches every handler it attached, and only those', () => {
    const { t, detach } = setup()
    t.attach('other', 'demo.a', () => {})
    detach()
    expect(t.listHandlers('demo.').map((h) => h.id)).toEqual(['other'])
    detach()
  })
})
