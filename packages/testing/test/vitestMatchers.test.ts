import { telemetry as defaultTelemetry } from '@foundation-telemetry/core'
import '@foundation-telemetry/testing/vitest'
import { describe, expect, it } from 'vitest'
import { expectNoHandlers, rejectionOf, setup } from './support.ts'

const STATE_CHANGE = 'foundation.circuit_breaker.state_change'
const opened = { name: 'payments', from: 'half_open', to: 'open' } as const

describe('toEmitTelemetry', () => {
  it('passes when the action emits a matching event, sync or async', async () => {
    const { t } = setup()
    await expect(() => t.execute(STATE_CHANGE, {}, opened)).toEmitTelemetry(
      STATE_CHANGE,
      { metadata: { to: 'open', name: expect.any(String) } },
      { telemetry: t },
    )
    await expect(async () => {
      await Promise.resolve()
      t.execute(STATE_CHANGE, { failure_count: 5 }, opened)
    }).toEmitTelemetry(STATE_CHANGE, { measurements: { failure_count: (n) => n >= 3 } }, { telemetry: t })
    expectNoHandlers(t)
  })

  it('fails with the helper message: expected event, match, seen events and diff', async () => {
    const { t, clock } = setup()
    const assertion = expect(() => t.execute(STATE_CHANGE, {}, { ...opened, to: 'closed' })).toEmitTelemetry(
      STATE_CHANGE,
      { metadata: { to: 'open' } },
      { telemetry: t },
    )
    clock.advance(1000)
    const error = await rejectionOf(assertion)
    expect(error.message).toContain(
      `toEmitTelemetry: expected telemetry event ${STATE_CHANGE} matching metadata { to: "open" }, but none arrived within 1000 ms.`,
    )
    expect(error.message).toMatch(/metadata\.to\s+expected "open", received "closed"/)
    expectNoHandlers(t)
  })

  it('.not passes when nothing matches and fails naming the offending event', async () => {
    const { t } = setup()
    await expect(() => t.execute(STATE_CHANGE, {}, { ...opened, to: 'closed' })).not.toEmitTelemetry(
      STATE_CHANGE,
      { metadata: { to: 'open' } },
      { telemetry: t },
    )
    const error = await rejectionOf(
      expect(() => t.execute(STATE_CHANGE, {}, opened)).not.toEmitTelemetry(STATE_CHANGE, undefined, {
        telemetry: t,
      }),
    )
    expect(error.message).toContain(`toEmitTelemetry: expected no telemetry event ${STATE_CHANGE}`)
    expect(error.message).toContain(`#1 ${STATE_CHANGE} matched`)
    expectNoHandlers(t)
  })

  it("passes the action's own error through, and rejects a non-function", async () => {
    const { t } = setup()
    const boom = new Error('boom')
    await expect(
      rejectionOf(
        expect(() => {
          throw boom
        }).toEmitTelemetry('x.y', undefined, { telemetry: t }),
      ),
    ).resolves.toBe(boom)
    const error = await rejectionOf(expect(42).toEmitTelemetry('x.y', undefined, { telemetry: t }))
    expect(error.message).toContain('toEmitTelemetry: expect() needs the action as a function')
    expectNoHandlers(t)
  })

  it("defaults to core's default telemetry instance", async () => {
    await expect(() => defaultTelemetry.execute('my_app.job.done', { items: 3 }, {})).toEmitTelemetry(
      'my_app.job.done',
      { measurements: { items: 3 } },
    )
    expect(defaultTelemetry.listHandlers().filter((h) => h.id.startsWith('ft-testing:'))).toEqual([])
  })
})

describe('toEmitTelemetrySequence', () => {
  it('passes for events in order and fails showing progress', async () => {
    const { t, clock } = setup()
    const emit = () => {
      t.execute('my_app.job.start', {}, { id: 1 })
      t.execute('my_app.job.progress', {}, { id: 1 })
      t.execute('my_app.job.stop', {}, { id: 1 })
    }
    await expect(emit).toEmitTelemetrySequence(
      ['my_app.job.start', ['my_app.job.stop', { metadata: { id: 1 } }]],
      {
        telemetry: t,
      },
    )
    const failing = expect(emit).toEmitTelemetrySequence(['my_app.job.stop', 'my_app.job.start'], {
      telemetry: t,
    })
    clock.advance(1000)
    const error = await rejectionOf(failing)
    expect(error.message).toContain(
      'toEmitTelemetrySequence: expected 2 telemetry events in order; 1 matched',
    )
    expect(error.message).toContain('2. my_app.job.start matching any measurements and metadata: WAITING')
    expectNoHandlers(t)
  })

  it('.not fails only when the whole sequence happened during the action', async () => {
    const { t } = setup()
    const emit = () => {
      t.execute('a.one', {}, {})
      t.execute('a.two', {}, {})
    }
    await expect(emit).not.toEmitTelemetrySequence(['a.two', 'a.one'], { telemetry: t })
    const error = await rejectionOf(
      expect(emit).not.toEmitTelemetrySequence(['a.one', 'a.two'], { telemetry: t }),
    )
    expect(error.message).toContain(
      'expected the action not to emit a.one → a.two in order, but it did (events #1, #2 of 2)',
    )
    expectNoHandlers(t)
  })
})
