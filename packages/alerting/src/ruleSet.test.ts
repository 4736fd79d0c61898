import { describe, expect, it } from 'vitest'
import { entryFor } from './ruleRuntime.ts'
import { acknowledgeAlerts, activeAlerts, compileRules, findAlertEntry, ruleStatuses } from './ruleSet.ts'
import { errorRateRule } from './testHelpers.ts'
import type { AlertRule } from './types.ts'

/** Two valid rules, one invalid; the first rule has a firing and an inactive alert. */
function sample() {
  const problems: string[] = []
  const set = compileRules(
    [errorRateRule('A'), { name: 'Broken' } as AlertRule, errorRateRule('B')],
    (r, field, message) => problems.push(`${r}.${field}: ${message}`),
  )
  const a = set.runtimes[0]!
  const firing = entryFor(a, 'x', { host: 'x' })
  firing.instance.state = 'firing'
  firing.instance.value = 0.2
  entryFor(a, 'y', { host: 'y' })
  return { set, problems, firing }
}

describe('the rule set', () => {
  it('compiles valid rules and keeps each invalid one as an error status, reporting its problems', () => {
    const { set, problems } = sample()
    expect(set.runtimes.map((rt) => rt.compiled.rule.name)).toEqual(['A', 'B'])
    expect(set.invalid).toMatchObject([{ name: 'Broken', kind: 'metric', health: 'error', active: 0 }])
    expect(problems.length).toBeGreaterThan(0)
    expect(problems.every((p) => p.startsWith('Broken.'))).toBe(true)
  })

  it('lists active alerts, skipping inactive ones, and finds one by fingerprint', () => {
    const { set, firing } = sample()
    expect(activeAlerts(set).map((a) => [a.name, a.state, a.labels.host])).toEqual([['A', 'firing', 'x']])
    expect(findAlertEntry(set, firing.instance.fingerprint)?.entry).toBe(firing)
    expect(findAlertEntry(set, 'nope')).toBeUndefined()
  })

  it('acknowledges by fingerprint or rule name, only pending or firing alerts', () => {
    const { set, firing } = sample()
    const heard: string[] = []
    expect(acknowledgeAlerts(set, 'B', (fp) => heard.push(fp))).toBe(false)
    expect(acknowledgeAlerts(set, 'A', (fp) => heard.push(fp))).toBe(true)
    expect(heard).toEqual([firing.instance.fingerprint])
    expect(firing.instance.acknowledged).toBe(true)
  })

  it('reports every rule with its active count, invalid rules last as copies', () => {
    const { set } = sample()
    const statuses = ruleStatuses(set)
    expect(statuses.map((s) => [s.name, s.health, s.active])).toEqual([
      ['A', 'unknown', 1],
      ['B', 'unknown', 0],
      ['Broken', 'error', 0],
    ])
    statuses[2]!.name = 'changed'
    expect(set.invalid[0]!.name).toBe('Broken')
  })
})
