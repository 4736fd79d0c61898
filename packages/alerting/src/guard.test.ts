import { describe, expect, it } from 'vitest'
import { trappingObject as hostile } from '../../../tooling/testing/hostile.ts'
import { createAlerting } from './alerting.ts'
import { createEwmaDetector } from './anomaly.ts'
import { FlapGuard } from './flapGuard.ts'
import { NotifierError, NotifierErrorCode } from './notifierError.ts'
import { webhookNotifier } from './notifiers/webhook.ts'
import { exportPrometheusRules } from './prometheusRules.ts'
import { manualTelemetry } from './testHelpers.ts'
import type { AlertRule } from './types.ts'

describe('hostile arguments', () => {
  it('reports unusable alerting options through the error hook and returns an inert engine', async () => {
    const { t, errors } = manualTelemetry()
    const alerting = createAlerting({ telemetry: t, rules: hostile as unknown as AlertRule[] })
    expect(errors.map((e) => [e.code, e.details.api])).toEqual([['invalid_input', 'createAlerting']])
    expect(alerting.rules()).toEqual([])
    await expect(alerting.evaluate()).resolves.toBeUndefined()
    await expect(alerting.stop()).resolves.toBeUndefined()
  })

  it('returns a notifier that sends nothing when its options cannot be read', async () => {
    const notifier = webhookNotifier(hostile as never)
    expect(notifier.name).toBe('webhook')
    await expect(
      notifier.send({} as never, { signal: new AbortController().signal }),
    ).resolves.toBeUndefined()
  })

  it('writes an empty rule file when the rules are not a list', () => {
    const { yaml, skipped } = exportPrometheusRules(hostile as never)
    expect(skipped).toEqual([])
    expect(yaml).toContain('rules: []')
  })

  it('builds flap guards, detectors and notifier errors from defaults when options throw', () => {
    const guard = new FlapGuard(hostile as never)
    for (let i = 0; i < 2; i++) expect(guard.push(true).state).toBe('normal')
    for (let i = 0; i < 3; i++) guard.push(true)
    expect(guard.state).toBe('anomalous')
    expect(createEwmaDetector(hostile as never).update(1).state).toBe('normal')
    const message = {
      toString() {
        throw new Error('trap')
      },
    }
    const error = new NotifierError(NotifierErrorCode.REJECTED, message as never, hostile as never)
    expect(error.message).toBe('notifier error')
    expect(error.retryable).toBe(false)
  })
})
