import { describe, expect, it } from 'vitest'
import { createAlertMetrics } from './alertMetrics.ts'
import { createAlertRouting, groupingSettings, type RoutingOptions } from './alertRouting.ts'
import { createReporter } from './reporting.ts'
import { entryFor, toAlert } from './ruleRuntime.ts'
import { compileRules } from './ruleSet.ts'
import { errorRateRule, manualTelemetry, recordingNotifier } from './testHelpers.ts'
import type { Notification, Notifier } from './types.ts'

/** Routing for one rule to `notifiers`, with a helper that fires or resolves the rule's alert on host `host`. */
function setup(notifiers: Notifier[], options: RoutingOptions = { grouping: { wait: 0 } }) {
  const env = manualTelemetry()
  const metrics = createAlertMetrics(env.t, { observeStates() {}, observeOutbox() {} })
  const report = createReporter(env.t, metrics)
  const rules = compileRules([errorRateRule('HighErrorRate')], () => {})
  const rt = rules.runtimes[0]!
  const routing = createAlertRouting(options, {
    clock: env.clock,
    rules,
    notifiers: new Map(notifiers.map((n) => [n.name, n])),
    intervalMs: 30_000,
    urls: { externalURL: 'http://x', generatorURL: '' },
    report,
  })
  const set = (host: string, state: 'firing' | 'resolved') => {
    const entry = entryFor(rt, host, { host })
    const a = entry.instance
    a.state = state
    a.value = 0.5
    if (state === 'firing') a.firedAt = a.activeAt = env.clock.now()
    else a.resolvedAt = env.clock.now()
    return toAlert(rt, entry)
  }
  const fire = (host: string) => routing.route(set(host, 'firing'))
  const resolve = (host: string) => routing.route(set(host, 'resolved'))
  const settle = async (ms = 0) => {
    env.clock.advance(ms)
    await routing.outbox.settled()
  }
  return { ...env, routing, fire, resolve, settle }
}

const summary = (n: Notification) =>
  `${n.receiver}:${n.status}:${n.alerts.length}${n.escalationLevel === undefined ? '' : `@${n.escalationLevel}`}`

describe('groupingSettings', () => {
  it("uses Alertmanager's defaults: by alertname, 30 s wait, 5 min interval, 4 h repeat", () => {
    const duration = createReporter(manualTelemetry().t, {} as never).duration
    expect(groupingSettings(undefined, duration)).toEqual({
      by: ['alertname'],
      wait: 30_000,
      interval: 300_000,
      repeat: 14_400_000,
    })
  })

  it('reads the durations given, allows a zero wait, and reports a zero interval or a bad repeat', () => {
    const { t, errors } = manualTelemetry()
    const duration = createReporter(t, {} as never).duration
    const settings = groupingSettings({ by: ['...'], wait: 0, interval: '0s', repeat: 'soon' }, duration)
    expect(settings).toEqual({ by: ['...'], wait: 0, interval: 300_000, repeat: 14_400_000 })
    expect(errors.map((e) => e.details.field)).toEqual(['grouping.interval', 'grouping.repeat'])
  })
})

describe('createAlertRouting', () => {
  it('sends a fired alert to each grouped notifier once the batch ends, and its resolution later', async () => {
    const a = recordingNotifier('a')
    const b = recordingNotifier('b')
    const { routing, fire, resolve, settle } = setup([a, b])
    fire('x')
    await settle()
    expect(a.sent).toEqual([])
    routing.evaluated(0)
    await settle()
    expect([...a.sent, ...b.sent].map(summary)).toEqual(['a:firing:1', 'b:firing:1'])
    resolve('x')
    await settle(300_000)
    expect(a.sent.map(summary)).toEqual(['a:firing:1', 'a:resolved:1'])
    routing.stop()
  })

  it('feeds alerts-mode notifiers the active alerts after each evaluation', async () => {
    const am = { ...recordingNotifier('am'), mode: 'alerts' as const }
    const { clock, routing, fire, settle } = setup([am])
    fire('x')
    routing.evaluated(clock.now())
    await settle()
    expect(am.sent.map(summary)).toEqual(['am:firing:1'])
    routing.stop()
  })

  it('refuses a silence without matchers (reported as `silence`), and lists and expires the ones it adds', () => {
    const { clock, routing, errors } = setup([])
    expect(routing.silence({ matchers: [], endsAt: clock.now() + 60_000 })).toBeUndefined()
    expect(errors.map((e) => e.details.field)).toEqual(['silence'])
    const id = routing.silence({ matchers: { host: 'x' }, endsAt: clock.now() + 60_000 })!
    expect(routing.silences().map((s) => [s.id, s.status])).toEqual([[id, 'active']])
    expect(routing.expireSilence(id)).toBe(true)
    expect(routing.silences().map((s) => s.status)).toEqual(['expired'])
  })

  describe('escalation', () => {
    /** Two levels (on-call, then manager after 5 min); the alert on host x fired and on-call was told. */
    async function escalating() {
      const oncall = recordingNotifier('oncall')
      const manager = recordingNotifier('manager')
      const env = setup([oncall, manager], {
        grouping: { wait: 0 },
        escalation: {
          levels: [
            { notifiers: ['oncall'], timeout: '5m' },
            { notifiers: ['manager'], timeout: '5m' },
          ],
        },
      })
      env.fire('x')
      env.routing.evaluated(0)
      await env.settle()
      expect(oncall.sent.map(summary)).toEqual(['oncall:firing:1'])
      return { ...env, manager }
    }

    it('tells the next level about an alert still firing unacknowledged after the timeout, and its resolution', async () => {
      const { routing, resolve, settle, manager } = await escalating()
      await settle(300_000)
      expect(manager.sent.map(summary)).toEqual(['manager:firing:1@1'])
      resolve('x')
      await settle()
      expect(manager.sent.map(summary)).toEqual(['manager:firing:1@1', 'manager:resolved:1@1'])
      routing.stop()
    })

    it('does not escalate an acknowledged alert', async () => {
      const { routing, settle, manager } = await escalating()
      expect(routing.acknowledge('HighErrorRate')).toBe(true)
      await settle(600_000)
      expect(manager.sent).toEqual([])
      routing.stop()
    })

    it('does not escalate an alert silenced since it fired', async () => {
      const { clock, routing, settle, manager } = await escalating()
      routing.silence({ matchers: { host: 'x' }, endsAt: clock.now() + 3_600_000 })
      await settle(600_000)
      expect(manager.sent).toEqual([])
      routing.stop()
    })
  })

  it('stops timers on stop and re-arms them on resume', async () => {
    const a = recordingNotifier('a')
    const { clock, routing, fire, settle } = setup([a], { grouping: { wait: '30s' } })
    fire('x')
    routing.stop()
    expect(clock.pendingTimers()).toBe(0)
    routing.resume()
    expect(clock.pendingTimers()).toBe(1)
    await settle(300_000)
    expect(a.sent.map(summary)).toEqual(['a:firing:1'])
    routing.stop()
  })
})
