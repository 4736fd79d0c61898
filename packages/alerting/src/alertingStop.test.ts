import { describe, expect, it } from 'vitest'
import { NotifierError, NotifierErrorCode } from './notifierError.ts'
import { errorRateRule, manualAlerting } from './testHelpers.ts'
import type { Notifier } from './types.ts'

/** A notifier whose receiver is always unavailable (retryable): each call is one attempt. */
function unavailableNotifier(): Notifier & { attempts: number } {
  const notifier = {
    name: 'down',
    attempts: 0,
    send: async () => {
      notifier.attempts++
      throw new NotifierError(NotifierErrorCode.RETRYABLE, 'down: 503', { status: 503 })
    },
  }
  return notifier
}

describe('a stopped alerting engine', () => {
  it('never restarts its outbox: evaluate() after stop() sends and retries nothing, and is reported as misuse', async () => {
    const down = unavailableNotifier()
    const { t, clock, errors, alerting } = manualAlerting({
      rules: [errorRateRule('HighErrorRate')],
      notifiers: [down],
      grouping: { wait: 0 },
      outbox: { initialBackoff: '1s', maxBackoff: '1s', random: () => 0 },
    })
    t.metrics.gauge('foundation.error_rate').set(0.2)
    await alerting.evaluate()
    await alerting.flush()
    expect(down.attempts).toBe(1)
    await alerting.stop()
    errors.length = 0

    await alerting.evaluate()
    clock.advance(60_000)
    await alerting.flush()

    expect(down.attempts).toBe(1)
    expect(clock.pendingTimers()).toBe(0)
    expect(errors.map((e) => [e.code, e.message])).toEqual([
      [
        'invalid_input',
        'alerting: evaluate: called after stop(); a stopped engine evaluates and sends nothing',
      ],
    ])
  })
})
