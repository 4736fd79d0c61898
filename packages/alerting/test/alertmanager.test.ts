/**
 * Real Alertmanager (Debian's prometheus-alertmanager 0.25) on 127.0.0.1 with a temporary config:
 * `alertmanagerNotifier` posts to its API v2, Alertmanager groups and sends its webhook to this
 * test's receiver, and resolution follows. Alertmanager's own webhook body has exactly the keys
 * `webhookNotifier` writes, and its fingerprint is ours. The test waits on the receiver's requests
 * and on Alertmanager's log line, never on time.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createTelemetry } from '@foundation-telemetry/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAlerting } from '../src/alerting.ts'
import { fingerprint } from '../src/fingerprint.ts'
import { alertmanagerNotifier } from '../src/notifiers/alertmanager.ts'
import { webhookPayload } from '../src/notifiers/webhook.ts'
import { runTool } from './promtool.ts'
import { freePort, type Receiver, startReceiver } from './receiver.ts'

const ALERTMANAGER = '/usr/bin/prometheus-alertmanager'
const AMTOOL = '/usr/bin/amtool'

describe.skipIf(!existsSync(ALERTMANAGER))('real Alertmanager', () => {
  const dir = mkdtempSync(join(tmpdir(), 'alerting-am-'))
  let am: ChildProcess | undefined
  let hook: Receiver
  let url = ''

  beforeAll(async () => {
    hook = await startReceiver(0, () => ({ status: 200 }))
    const port = await freePort()
    url = `http://127.0.0.1:${port}`
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
      const checked = await runTool(AMTOOL, ['check-config', config])
      expect(checked.code, checked.output).toBe(0)
    }
    am = spawn(
      ALERTMANAGER,
      [
        `--config.file=${config}`,
        `--storage.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--cluster.listen-address=',
        '--log.level=info',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    )
    // Ready once it logs that it listens.
    await new Promise<void>((resolve, reject) => {
      let log = ''
      const onData = (c: Buffer) => {
        log += c.toString()
        if (log.includes('Listening') && log.includes(`127.0.0.1:${port}`)) resolve()
      }
      am!.stderr!.on('data', onData)
      am!.stdout!.on('data', onData)
      am!.once('exit', (code) => reject(new Error(`alertmanager exited ${code}: ${log}`)))
    })
  })

  afterAll(async () => {
    if (am !== undefined && am.exitCode === null) {
      am.kill('SIGTERM')
      await once(am, 'exit')
    }
    await hook?.close()
    rmSync(dir, { recursive: true, force: true })
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
      const query = await runTool(AMTOOL, [
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
