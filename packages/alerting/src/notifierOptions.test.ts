import { describe, expect, it } from 'vitest'
import { readNotifiers, splitReceivers } from './notifierOptions.ts'
import type { Notifier } from './types.ts'

const notifier = (name: string, mode?: 'alerts'): Notifier =>
  ({ name, send: async () => {}, ...(mode === undefined ? {} : { mode }) }) as Notifier

describe('the notifiers option', () => {
  it('keeps the first notifier of a name and reports malformed ones and duplicates', () => {
    const reports: string[] = []
    const first = notifier('pager')
    const map = readNotifiers([first, notifier('pager'), { name: 'x' } as never, null as never], (m) =>
      reports.push(m),
    )
    expect([...map.keys()]).toEqual(['pager'])
    expect(map.get('pager')).toBe(first)
    expect(reports).toEqual([
      'two notifiers are named pager; the first is kept',
      'a notifier is { name, send(notification) }',
      'a notifier is { name, send(notification) }',
    ])
    expect(readNotifiers(undefined, () => {}).size).toBe(0)
  })

  it('gives alerts-mode notifiers a sender and leaves escalation-only ones out of grouping', () => {
    const map = readNotifiers([notifier('chat'), notifier('am', 'alerts'), notifier('oncall')], () => {})
    const { grouped, alertSenders } = splitReceivers(
      map,
      new Set(['oncall']),
      { intervalMs: 1000, resendMs: 60_000 },
      { externalURL: '', generatorURL: '' },
    )
    expect(grouped).toEqual(['chat'])
    expect(alertSenders).toHaveLength(1)
  })
})
