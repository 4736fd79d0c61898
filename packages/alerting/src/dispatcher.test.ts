import { describe, expect, it } from 'vitest'
import { gaugeRule, manualAlerting, recordingNotifier } from './testHelpers.ts'
import type { Notification } from './types.ts'

/** Move the clock, then let deliveries the timers started settle. */
async function step(clock: { advance(ms: number): void }, alerting: { flush(): Promise<void> }, ms: number) {
  clock.advance(ms)
  await alerting.flush()
}

const summary = (n: Notification) => ({
  status: n.status,
  alerts: n.alerts.map((a) => `${a.labels.alertname}/${a.labels.service ?? ''}:${a.status}`),
})

describe('grouped notifications', () => {
  it('never notifies about an alert that fired and resolved within the group wait', async () => {
    const recorder = recordingNotifier()
    const { t, clock, alerting } = manualAlerting({
      rules: [gaugeRule('Flappy')],
      notifiers: [recorder],
      grouping: { wait: 30_000 },
    })
    const g = t.metrics.gauge('test.flappy')
    g.set(1)
    await alerting.evaluate()
    await alerting.flush()
    await step(clock, alerting, 10_000)
    g.set(0)
    await alerting.evaluate()
    await alerting.flush()
    expect(alerting.alerts().map((a) => a.state)).toEqual(['resolved'])
    await step(clock, alerting, 30_000)
    await alerting.flush()
    expect(recorder.sent).toEqual([])
    await alerting.stop()
  })

  it('sends after wait, adds to the group at the next interval, resolves at the interval after, and repeats', async () => {
    const recorder = recordingNotifier()
    const { t, clock, alerting } = manualAlerting({
      rules: [gaugeRule('Down')],
      notifiers: [recorder],
      grouping: { wait: 30_000, interval: 300_000, repeat: 3_600_000 },
    })
    const g = t.metrics.gauge('test.down')
    g.set(1, { service: 'a' })
    await alerting.evaluate() // t=0: fires, the group is created
    await alerting.flush()
    await step(clock, alerting, 29_999)
    expect(recorder.sent).toHaveLength(0)
    await step(clock, alerting, 1) // t=30 s: group wait over
    expect(recorder.sent.map(summary)).toEqual([{ status: 'firing', alerts: ['Down/a:firing'] }])
    await step(clock, alerting, 30_000) // t=60 s: a second alert joins the group
    g.set(1, { service: 'b' })
    await alerting.evaluate()
    await alerting.flush()
    await step(clock, alerting, 239_999) // t=299.999 s
    expect(recorder.sent).toHaveLength(1)
    await step(clock, alerting, 1) // t=300 s: the interval runs from the first flush at 30 s
    expect(recorder.sent).toHaveLength(1)
    await step(clock, alerting, 30_000) // t=330 s
    expect(recorder.sent.map(summary)[1]).toEqual({
      status: 'firing',
      alerts: ['Down/a:firing', 'Down/b:firing'],
    })
    await step(clock, alerting, 70_000) // t=400 s: a resolves
    g.set(0, { service: 'a' })
    await alerting.evaluate()
    await alerting.flush()
    await step(clock, alerting, 229_999) // t=629.999 s
    expect(recorder.sent).toHaveLength(2)
    await step(clock, alerting, 1) // t=630 s
    expect(recorder.sent.map(summary)[2]).toEqual({
      status: 'firing',
      alerts: ['Down/a:resolved', 'Down/b:firing'],
    })
    expect(recorder.sent[2]!.alerts[0]!.endsAt).toBe(new Date(Date.UTC(2026, 0, 1) + 400_000).toISOString())
    await step(clock, alerting, 3_300_000) // t=3930 s: nothing changed, repeat (1 h from 630 s) not reached
    expect(recorder.sent).toHaveLength(3)
    await step(clock, alerting, 300_000) // t=4230 s: one hour since the last notification
    expect(recorder.sent.map(summary)[3]).toEqual({ status: 'firing', alerts: ['Down/b:firing'] })
    g.set(0, { service: 'b' })
    await alerting.evaluate() // b resolves at 4230 s
    await alerting.flush()
    await step(clock, alerting, 300_000)
    expect(recorder.sent.map(summary)[4]).toEqual({ status: 'resolved', alerts: ['Down/b:resolved'] })
    await step(clock, alerting, 3_600_000)
    expect(recorder.sent).toHaveLength(5)
    await alerting.stop()
  })

  it('groups by the labels asked for', async () => {
    const recorder = recordingNotifier()
    const { t, alerting } = manualAlerting({
      rules: [gaugeRule('Down'), gaugeRule('Slow')],
      notifiers: [recorder],
      grouping: { by: ['service'], wait: 0 },
    })
    t.metrics.gauge('test.down').set(1, { service: 'a' })
    t.metrics.gauge('test.slow').set(1, { service: 'a' })
    t.metrics.gauge('test.slow').set(1, { service: 'b' })
    await alerting.evaluate()
    await alerting.flush()
    expect(recorder.sent.map((n) => [n.groupLabels, n.alerts.length])).toEqual([
      [{ service: 'a' }, 2],
      [{ service: 'b' }, 1],
    ])
    expect(recorder.sent[0]!.groupKey).toBe('{}:{service="a"}')
    expect(recorder.sent[0]!.commonLabels).toEqual({ service: 'a', severity: 'warning' })
    await alerting.stop()
  })

  it('mutes a warning while a critical alert fires for the same service (inhibition)', async () => {
    const recorder = recordingNotifier()
    const { t, alerting } = manualAlerting({
      rules: [gaugeRule('Outage', 'critical'), gaugeRule('Latency')],
      notifiers: [recorder],
      grouping: { wait: 0 },
      inhibit: [
        {
          source: ['severity="critical"'],
          target: [{ name: 'severity', value: 'warning' }],
          equal: ['service'],
        },
      ],
    })
    t.metrics.gauge('test.outage').set(1, { service: 'a' })
    t.metrics.gauge('test.latency').set(1, { service: 'a' })
    t.metrics.gauge('test.latency').set(1, { service: 'b' })
    await alerting.evaluate()
    await alerting.flush()
    expect(recorder.sent.map(summary)).toEqual([
      { status: 'firing', alerts: ['Outage/a:firing'] },
      { status: 'firing', alerts: ['Latency/b:firing'] },
    ])
    await alerting.stop()
  })

  it('mutes silenced alerts until the silence expires, then notifies', async () => {
    const recorder = recordingNotifier()
    const { t, clock, alerting } = manualAlerting({
      rules: [gaugeRule('Down')],
      notifiers: [recorder],
      grouping: { wait: 30_000, interval: 60_000 },
    })
    const id = alerting.silence({
      matchers: ['alertname="Down"', 'service=~"a|c"'],
      endsAt: clock.now() + 100_000,
      comment: 'deploy',
    })
    expect(alerting.silences().map((s) => [s.id, s.status])).toEqual([[id, 'active']])
    t.metrics.gauge('test.down').set(1, { service: 'a' })
    await alerting.evaluate()
    await alerting.flush()
    await step(clock, alerting, 30_000) // wait over, silenced
    await step(clock, alerting, 60_000) // t=90 s, still silenced
    expect(recorder.sent).toEqual([])
    await step(clock, alerting, 60_000) // t=150 s, the silence ended at 100 s
    expect(recorder.sent.map(summary)).toEqual([{ status: 'firing', alerts: ['Down/a:firing'] }])
    expect(alerting.silences().map((s) => s.status)).toEqual(['expired'])
    await alerting.stop()
  })

  it('reads matchers given as a label object, and Alertmanager-named inhibit fields', async () => {
    const recorder = recordingNotifier()
    const { t, clock, alerting } = manualAlerting({
      rules: [gaugeRule('Outage', 'critical'), gaugeRule('Latency'), gaugeRule('Down')],
      notifiers: [recorder],
      grouping: { wait: 0 },
      inhibit: [
        {
          sourceMatchers: { severity: 'critical' },
          targetMatchers: ['alertname="Latency"'],
          equal: ['service'],
        },
      ],
    })
    alerting.silence({ matchers: { alertname: 'Down' }, endsAt: new Date(clock.now() + 60_000) })
    for (const name of ['outage', 'latency', 'down']) t.metrics.gauge(`test.${name}`).set(1, { service: 'a' })
    await alerting.evaluate()
    await alerting.flush()
    expect(recorder.sent.map(summary)).toEqual([{ status: 'firing', alerts: ['Outage/a:firing'] }])
    await alerting.stop()
  })

  it('refuses a malformed silence and reports it', async () => {
    const { errors, alerting } = manualAlerting({ rules: [] })
    expect(alerting.silence({ matchers: ['alertname=Down'], endsAt: Date.now() + 1000 })).toBeUndefined()
    expect(errors.map((e) => e.details.field)).toEqual(['silence'])
    await alerting.stop()
  })
})

describe('escalation', () => {
  const setup = () => {
    const first = recordingNotifier('oncall')
    const second = recordingNotifier('lead')
    const { t, clock, alerting } = manualAlerting({
      rules: [gaugeRule('Down', 'critical')],
      notifiers: [first, second],
      grouping: { wait: 0 },
      escalation: {
        levels: [
          { notifiers: ['oncall'], timeout: '5m' },
          { notifiers: ['lead'], timeout: '10m' },
        ],
      },
    })
    return { t, clock, first, second, alerting, gauge: t.metrics.gauge('test.down') }
  }

  it('tells the next level when nobody acknowledged within the timeout, and it the resolution', async () => {
    const { clock, first, second, alerting, gauge } = setup()
    gauge.set(1)
    await alerting.evaluate()
    await alerting.flush()
    expect(first.sent).toHaveLength(1)
    expect(second.sent).toHaveLength(0)
    await step(clock, alerting, 299_999)
    expect(second.sent).toHaveLength(0)
    await step(clock, alerting, 1)
    expect(second.sent.map((n) => [n.escalationLevel, n.status, n.alerts.length])).toEqual([[1, 'firing', 1]])
    await step(clock, alerting, 600_000) // past the last level: nothing more without loops
    expect(second.sent).toHaveLength(1)
    gauge.set(0)
    await alerting.evaluate()
    await alerting.flush()
    expect(second.sent.map((n) => n.status)).toEqual(['firing', 'resolved'])
    await alerting.stop()
  })

  it('stops escalating once acknowledged', async () => {
    const { clock, second, alerting, gauge } = setup()
    gauge.set(1)
    await alerting.evaluate()
    await alerting.flush()
    await step(clock, alerting, 60_000)
    const [alert] = alerting.alerts()
    expect(alerting.acknowledge(alert!.fingerprint)).toBe(true)
    expect(alerting.alerts()[0]!.acknowledged).toBe(true)
    await step(clock, alerting, 3_600_000)
    expect(second.sent).toEqual([])
    expect(alerting.acknowledge('no-such-alert')).toBe(false)
    await alerting.stop()
  })
})
