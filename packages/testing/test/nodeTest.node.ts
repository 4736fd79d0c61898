// Run by node's own test runner (`node --test --conditions=source`), proving the non-matcher API
// needs nothing from vitest. test/nodeTest.test.ts spawns it.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createTelemetry } from '@foundation-telemetry/core'
import {
  assertEventually,
  assertTelemetryEvent,
  assertTelemetrySequence,
  captureTelemetry,
  createFakeClock,
  refuteTelemetryEvent,
  TelemetryExpectationError,
  waitForServiceReady,
} from '@foundation-telemetry/testing'

function setup() {
  const clock = createFakeClock()
  return { clock, t: createTelemetry({ clock, enrich: false }) }
}

describe('@foundation-telemetry/testing under node:test', () => {
  it('assertTelemetryEvent resolves with the match and detaches', async () => {
    const { t } = setup()
    const found = await assertTelemetryEvent(t, 'my_app.job.done', { measurements: { items: 3 } }, () => {
      t.execute('my_app.job.done', { items: 2 }, {})
      t.execute('my_app.job.done', { items: 3 }, {})
    })
    assert.deepEqual(found.measurements, { items: 3 })
    assert.deepEqual(t.listHandlers(), [])
  })

  it('assertTelemetryEvent times out on the fake clock with a readable message', async () => {
    const { t, clock } = setup()
    const pending = assertTelemetryEvent(t, 'my_app.job.done', { metadata: { id: 1 } }, () => {
      t.execute('my_app.job.done', {}, { id: 2 })
    })
    clock.advance(1000)
    await assert.rejects(pending, (error: unknown) => {
      assert.ok(error instanceof TelemetryExpectationError)
      assert.match(error.message, /expected telemetry event my_app\.job\.done matching metadata \{ id: 1 \}/)
      assert.match(error.message, /metadata\.id\s+expected 1, received 2/)
      return true
    })
    assert.deepEqual(t.listHandlers(), [])
  })

  it('refute, sequence, capture, eventually and a lifecycle wait', async () => {
    const { t } = setup()
    await refuteTelemetryEvent(t, 'my_app.job.failed', undefined, () => t.execute('my_app.job.done', {}, {}))
    const steps = await assertTelemetrySequence(t, ['a.one', 'a.two'], () => {
      t.execute('a.one', {}, {})
      t.execute('a.other', {}, {})
      t.execute('a.two', {}, {})
    })
    assert.deepEqual(
      steps.map((s) => s.event),
      ['a.one', 'a.two'],
    )
    const captured = await captureTelemetry(t, 'a.*', () => t.execute('a.three', {}, {}))
    assert.equal(captured.length, 1)
    let ready = false
    const eventually = assertEventually(() => assert.ok(ready), { telemetry: t })
    ready = true
    t.execute('a.tick', {}, {})
    await eventually
    const service = waitForServiceReady(t, 'db')
    t.execute('foundation.service.ready', {}, { service: 'db' })
    await service
    assert.deepEqual(t.listHandlers(), [])
  })
})
