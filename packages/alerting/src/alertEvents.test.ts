import { describe, expect, it } from 'vitest'
import { announceTransitions } from './alertEvents.ts'
import type { Transition } from './alertState.ts'
import { entryFor } from './ruleRuntime.ts'
import { compileRules } from './ruleSet.ts'
import { errorRateRule, manualTelemetry } from './testHelpers.ts'
import type { Alert } from './types.ts'

/** One rule's alert, the announcer, and what it emitted and routed. */
function setup() {
  const { t } = manualTelemetry()
  const rt = compileRules([errorRateRule('HighErrorRate', { severity: 'error' })], () => {}).runtimes[0]!
  const entry = entryFor(rt, 'x', { host: 'x' })
  const heard: string[] = []
  t.attach('capture', ['foundation_os.alert.triggered', 'foundation_os.alert.resolved'], (event, m) =>
    heard.push(`${event} ${JSON.stringify(m)}`),
  )
  const announce = announceTransitions(t, (alert: Alert) => heard.push(`route ${alert.state}`))
  const step = (state: 'firing' | 'resolved', transition: Transition, now: number) => {
    entry.instance.state = state
    if (state === 'firing') entry.instance.firedAt = 1_000
    else entry.instance.resolvedAt = now
    announce(rt, entry, transition, now)
  }
  return { heard, step }
}

describe('announceTransitions', () => {
  it('emits alert.triggered for a firing alert, then routes it', () => {
    const { heard, step } = setup()
    step('firing', 'firing', 1_000)
    expect(heard).toEqual(['foundation_os.alert.triggered {"severity_level":3}', 'route firing'])
  })

  it('emits alert.resolved with how long it fired, then routes it', () => {
    const { heard, step } = setup()
    step('firing', 'firing', 1_000)
    heard.length = 0
    step('resolved', 'resolved', 61_000)
    expect(heard).toEqual(['foundation_os.alert.resolved {"duration":60000}', 'route resolved'])
  })

  it('neither emits nor routes pending, dropped or unchanged alerts', () => {
    const { heard, step } = setup()
    step('firing', 'pending', 0)
    step('firing', 'dropped', 0)
    step('firing', 'none', 0)
    expect(heard).toEqual([])
  })
})
