/**
 * Every notifier against a real HTTP receiver on 127.0.0.1 that is down, slow, rate limiting or
 * failing: nothing is lost within the outbox bound, and everything arrives once it recovers.
 * Retry delays and timeouts run on a manual clock; the test waits on the receiver's requests.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { alertmanagerNotifier } from '../src/notifiers/alertmanager.ts'
import { pagerDutyNotifier } from '../src/notifiers/pagerDuty.ts'
import { slackNotifier } from '../src/notifiers/slack.ts'
import { webhookNotifier } from '../src/notifiers/webhook.ts'
import { gaugeRule, manualAlerting } from '../src/testHelpers.ts'
import type { Notifier } from '../src/types.ts'
import { type Answer, freePort, type Receiver, startReceiver } from './receiver.ts'

const kinds: ReadonlyArray<{
  kind: string
  path: string
  make: (base: string) => Notifier
  count: (body: unknown) => string[]
}> = [
  {
    kind: 'webhook',
    path: '/hook',
    make: (base) => webhookNotifier({ url: `${base}/hook` }),
    count: (b) => (b as { alerts: Array<{ labels: { n: string } }> }).alerts.map((a) => a.labels.n),
  },
  {
    kind: 'slack',
    path: '/slack',
    make: (base) => slackNotifier({ url: `${base}/slack` }),
    count: (b) => [((b as { text: string }).text.match(/n=(\d+)/) ?? [])[1] ?? '?'],
  },
  {
    kind: 'pagerduty',
    path: '/v2/enqueue',
    make: (base) => pagerDutyNotifier({ routingKey: 'routing-key', url: `${base}/v2/enqueue` }),
    count: (b) => [
      (b as { payload: { custom_details: { labels: { n: string } } } }).payload.custom_details.labels.n,
    ],
  },
  {
    kind: 'alertmanager',
    path: '/api/v2/alerts',
    make: (base) => alertmanagerNotifier({ url: base }),
    count: (b) => (b as Array<{ labels: { n: string } }>).map((a) => a.labels.n),
  },
]

const open: Array<{ close(): Promise<void> }> = []
afterEach(async () => {
  for (const o of open.splice(0)) await o.close()
})

async function receiver(port?: number, answer?: (r: unknown, i: number) => Answer): Promise<Receiver> {
  const r = await startReceiver(port, answer)
  open.push(r)
  return r
}

function setup(notifier: Notifier, outbox: Record<string, unknown> = {}) {
  const { t, clock, errors, alerting } = manualAlerting({
    rules: [gaugeRule('Down', 'critical')],
    notifiers: [notifier],
    // One group per alert and no wait: one notification per alert fired.
    grouping: { by: ['...'], wait: 0 },
    outbox: { random: () => 0, initialBackoff: 1000, timeout: 10_000, ...outbox },
  })
  const gauge = t.metrics.gauge('test.down')
  open.push({ close: () => alerting.stop() })
  let n = 0
  const fire = async () => {
    gauge.set(1, { n: ++n })
    await alerting.evaluate()
  }
  const advance = async (ms: number) => {
    clock.advance(ms)
    await alerting.flush()
  }
  const outcomes = () =>
    Object.fromEntries(
      (t.metrics.collect().find((m) => m.name === 'foundation_os.alert.notifications')?.series ?? []).map(
        (s) => [s.tags.outcome, s.value],
      ),
    )
  return { t, alerting, fire, advance, errors, outcomes }
}

describe.each(kinds)('$kind notifier', ({ path, make, count }) => {
  it('retries while the receiver is down and delivers once it is up', async () => {
    const port = await freePort()
    const { alerting, fire, advance, outcomes } = setup(make(`http://127.0.0.1:${port}`))
    await fire()
    await alerting.flush() // connection refused: a retry is scheduled 500 ms out (jitter 0)
    const up = await receiver(port)
    await advance(500)
    const [request] = await up.received(1)
    expect(request!.path).toBe(path)
    expect(count(request!.body)).toEqual(['1'])
    expect(outcomes()).toEqual({ delivered: 1 })
  })

  it('times out a receiver that hangs without blocking evaluation, and delivers on the retry', async () => {
    const slow = await receiver(0, (_, i) => (i === 0 ? 'hang' : { status: 200 }))
    const { alerting, fire, advance } = setup(make(slow.url))
    await fire()
    await slow.received(1)
    await fire() // evaluation goes on while the first delivery hangs
    expect(alerting.alerts()).toHaveLength(2)
    await advance(10_000) // the attempt times out and is aborted
    await advance(500)
    const requests = await slow.received(3)
    expect(requests.flatMap((r) => count(r.body))).toEqual(['1', '1', '2'])
  })

  it('waits exactly Retry-After after a 429', async () => {
    const limited = await receiver(0, (_, i) =>
      i === 0 ? { status: 429, headers: { 'retry-after': '7' } } : { status: 202 },
    )
    const { alerting, fire, advance, outcomes } = setup(make(limited.url))
    await fire()
    await limited.received(1)
    await alerting.flush()
    await advance(6_999)
    expect(limited.requests).toHaveLength(1)
    await advance(1)
    await limited.received(2)
    expect(outcomes()).toEqual({ delivered: 1 })
  })

  it('backs off through 500s and delivers once they stop', async () => {
    const failing = await receiver(0, (_, i) => (i < 2 ? { status: i === 0 ? 500 : 503 } : { status: 200 }))
    const { t, alerting, fire, advance } = setup(make(failing.url))
    await fire()
    await failing.received(1)
    await alerting.flush()
    await advance(500) // first retry: 1 s step, half of it with jitter 0
    await failing.received(2)
    await alerting.flush()
    await advance(999)
    expect(failing.requests).toHaveLength(2)
    await advance(1) // second retry: 2 s step -> 1 s
    await failing.received(3)
    const retries = t.metrics.collect().find((m) => m.name === 'foundation_os.alert.notification.retries')
    expect(retries?.series[0]?.value).toBe(2)
  })

  it('keeps what fits in the bound during an outage, drops and reports the rest, and delivers in order after', async () => {
    const port = await freePort()
    const { alerting, fire, advance, errors, outcomes } = setup(make(`http://127.0.0.1:${port}`), {
      maxEntries: 3,
    })
    for (let i = 0; i < 5; i++) await fire()
    await alerting.flush()
    expect(errors.filter((e) => e.code === 'data_dropped')).toHaveLength(2)
    const up = await receiver(port)
    await advance(500)
    const requests = await up.received(3)
    // The first (in flight when the bound was hit) is kept, with the two newest.
    expect(requests.flatMap((r) => count(r.body))).toEqual(['1', '4', '5'])
    expect(outcomes()).toEqual({ delivered: 3, dropped: 2 })
  })
})

describe('outbox', () => {
  it('does not retry a notification the receiver refused (400), and reports it', async () => {
    const refusing = await receiver(0, () => ({ status: 400, body: 'invalid_payload' }))
    const { alerting, fire, advance, errors, outcomes } = setup(webhookNotifier({ url: refusing.url }))
    await fire()
    await refusing.received(1)
    await alerting.flush()
    await advance(600_000)
    expect(refusing.requests).toHaveLength(1)
    expect(outcomes()).toEqual({ failed: 1 })
    expect(errors.map((e) => e.code)).toEqual(['export_failure'])
    expect(errors[0]!.message).toContain('invalid_payload')
  })

  it('stops promptly while a receiver hangs, keeping the interrupted notification for the next start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'alerting-outbox-'))
    open.push({ close: async () => rmSync(dir, { recursive: true, force: true }) })
    const file = join(dir, 'outbox.json')
    const hanging: Notifier = { name: 'hanging', send: () => new Promise<void>(() => {}) } // ignores the abort too
    const { alerting, fire, outcomes } = setup(hanging, { file })
    await fire()
    await alerting.stop()
    expect((JSON.parse(readFileSync(file, 'utf8')) as { entries: unknown[] }).entries).toHaveLength(1)
    expect(outcomes()).toEqual({})
  })

  it('keeps undelivered notifications in its file across a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'alerting-outbox-'))
    open.push({ close: async () => rmSync(dir, { recursive: true, force: true }) })
    const file = join(dir, 'outbox.json')
    const port = await freePort()
    const first = setup(webhookNotifier({ url: `http://127.0.0.1:${port}/hook` }), { file })
    await first.fire()
    await first.alerting.flush()
    await first.alerting.stop()
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { entries: unknown[] }
    expect(saved.entries).toHaveLength(1)
    const up = await receiver(port)
    const second = setup(webhookNotifier({ url: `http://127.0.0.1:${port}/hook` }), { file })
    second.alerting.start()
    const [request] = await up.received(1)
    expect(
      (request!.body as { alerts: Array<{ labels: Record<string, string> }> }).alerts[0]!.labels,
    ).toMatchObject({ alertname: 'Down', n: '1' })
    await second.alerting.flush()
    expect((JSON.parse(readFileSync(file, 'utf8')) as { entries: unknown[] }).entries).toHaveLength(0)
  })
})
