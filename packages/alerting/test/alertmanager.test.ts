/**
 * Real Alertmanager (Debian's prometheus-alertmanager 0.25) on 127.0.0.1 with a temporary config:
 * `alertmanagerNotifier` posts to its API v2, Alertmanager groups and sends its webhook to this
 * test's receiver, and resolution follows. Alertmanager's own webhook body has exactly the keys
 * `webhookNotifier` writes, and its fingerprint is ours. The test waits on the receiver's requests
 * and on Alertmanager's log line, never on time.
 */
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createTelemetry } from '@foundation-telemetry/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type LocalServer, startLocalServer } from '../../../tooling/testing/localServer.ts'
import { runCommand } from '../../../tooling/testing/runCommand.ts'
import { createAlerting } from '../src/alerting.ts'
import { fingerprint } from '../src/fingerprint.ts'
import { alertmanagerNotifier } from '../src/notifiers/alertmanager.ts'
import { webhookPayload } from '../src/notifiers/webhook.ts'
import { type Receiver, startReceiver } from './receiver.ts'

const ALERTMANAGER = '/usr/bin/prometheus-alertmanager'
const AMTOOL = '/usr/bin/amtool'

describe.skipIf(!existsSync(ALERTMANAGER))('real Alertmanager', () => {
  let am: LocalServer | undefined
  let hook: Receiver
  let url = ''

  beforeAll(async () => {
    hook = await startReceiver(0, () => ({ status: 200 }))
    am = await startLocalServer({
      binary: ALERTMANAGER,
      name: 'alertmanager',
      async prepare(_port, dir) {
        const config = join(dir, 'alertmanager.yml')
        writeFileSync(
          config,
          [
            'route:',
            '  receiver: hook',
            "  group_by: ['alertname']",
            '  group_wait: 1s',
            '  group_interval: 1s',
            '  repeat_interval: 1h',
            'receivers:',
            '  - name: hook',
            '    webhook_configs:',
            `      - url: ${JSON.stringify(`${hook.url}/am`)}`,
            '        send_resolved: true',
            '',
          ].join('\n'),
        )
        if (existsSync(AMTOOL)) {
          const checked = await runCommand(AMTOOL, ['check-config', config])
          expect(checked.code, checked.output).toBe(0)
        }
      },
      args: (port, dir) => [
        `--config.file=${join(dir, 'alertmanager.yml')}`,
        `--storage.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--cluster.listen-address=',
        '--log.level=info',
      ],
      // Ready once it logs that it listens on its web address.
      readyWhen: (log, port) => log.includes('Listening') && log.includes(`127.0.0.1:${port}`),
    })
    url = `http://127.0.0.1:${am.port}`
  })

  afterAll(async () => {
    await am?.stop()
    await hook?.close()
  })

  it('takes alerts from alertmanagerNotifier, notifies the grouped webhook, and resolves', async () => {
    const t = createTelemetry({ service: 'alerting-am-test', enrich: false })
    const state = t.metrics.gauge('foundation.circuit_breaker.state')
    const alerting = createAlerting({
      telemetry: t,
      rules: [
        {
          name: 'CircuitBreakerStateOpen',
          metric: 'foundation.circuit_breaker.state',
          aggregate: 'value',
          comparator: '==',
          threshold: 1,
          severity: 'error',
          annotations: { summary: 'breaker {{ $labels.name }} is open' },
        },
      ],
      notifiers: [alertmanagerNotifier({ url })],
    })
    state.set(1, { name: 'payments' })
    state.set(1, { name: 'ledger' })
    await alerting.evaluate()
    await alerting.flush()
    const [firing] = await hook.received(1)
    const body = firing!.body as ReturnType<typeof webhookPayload> & {
      alerts: Array<{
        labels: Record<string, string>
        fingerprint: string
        status: string
        annotations: Record<string, string>
      }>
    }
    expect(firing!.path).toBe('/am')
    expect(body.version).toBe('4')
    expect(body.status).toBe('firing')
    expect(body.groupLabels).toEqual({ alertname: 'CircuitBreakerStateOpen' })
    expect(body.alerts.map((a) => a.labels.name).sort()).toEqual(['ledger', 'payments'])
    // Alertmanager's fingerprint is ours: the same label set, the same id.
    for (const a of body.alerts) expect(a.fingerprint).toBe(fingerprint(a.labels))
    expect(body.alerts.map((a) => a.annotations.summary).sort()).toEqual([
      'breaker ledger is open',
      'breaker payments is open',
    ])
    // Our webhook notifier writes exactly Alertmanager's keys.
    const ours = webhookPayload({
      receiver: 'hook',
      status: 'firing',
      groupKey: String(body.groupKey),
      groupLabels: {},
      commonLabels: {},
      commonAnnotations: {},
      externalURL: '',
      alerts: [
        {
          status: 'firing',
          labels: {},
          annotations: {},
          startsAt: '',
          endsAt: '',
          generatorURL: '',
          fingerprint: '',
          value: 1,
        },
      ],
    }) as { alerts: Array<Record<string, unknown>> }
    expect(Object.keys(ours).sort()).toEqual(Object.keys(body).sort())
    expect(Object.keys(ours.alerts[0]!).sort()).toEqual(Object.keys(body.alerts[0]!).sort())
    if (existsSync(AMTOOL)) {
      const query = await runCommand(AMTOOL, [
        'alert',
        'query',
        `--alertmanager.url=${url}`,
        'alertname=CircuitBreakerStateOpen',
      ])
      expect(query.output).toContain('CircuitBreakerStateOpen')
    }

    state.set(0, { name: 'payments' })
    state.set(0, { name: 'ledger' })
    await alerting.evaluate()
    await alerting.flush()
    let resolved: typeof body | undefined
    for (let n = 2; resolved === undefined; n++) {
      const requests = await hook.received(n)
      const last = requests[n - 1]!.body as typeof body
      if (last.status === 'resolved') resolved = last
    }
    expect(resolved.alerts.map((a) => [a.labels.name, a.status]).sort()).toEqual([
      ['ledger', 'resolved'],
      ['payments', 'resolved'],
    ])
    await alerting.stop()
  })
})
