import { describe, expect, it } from 'vitest'
import { expectNoHandlers, setup } from '../test/support.ts'
import { captureTelemetry } from './captureTelemetry.ts'

describe('captureTelemetry', () => {
  it('captures every event under the patterns during fn, in order, with clock timestamps', async () => {
    const { t, clock } = setup()
    const start = clock.now()
    const events = await captureTelemetry(t, ['my_app.retry.*'], async () => {
      t.execute('my_app.retry.attempt_failure', { attempt: 1 }, {})
      t.execute('foundation.cache.hit', {}, { cache: 'c' })
      clock.advance(25)
      await Promise.resolve()
      t.execute('my_app.retry.exhausted', { total_attempts: 1 }, {})
    })
    expect(events).toEqual([
      { event: 'my_app.retry.attempt_failure', measurements: { attempt: 1 }, metadata: {}, time: start },
      {
        event: 'my_app.retry.exhausted',
        measurements: { total_attempts: 1 },
        metadata: {},
        time: start + 25,
      },
    ])
    expectNoHandlers(t)
  })

  it("captures everything with '*', including events core emits itself", async () => {
    const { t } = setup()
    const events = await captureTelemetry(t, '*', () => {
      t.execute('a.one', {}, {})
      t.span('a.work', {}, () => 1)
    })
    expect(events.map((e) => e.event)).toEqual(['a.one', 'a.work.start', 'a.work.stop'])
    expectNoHandlers(t)
  })

  it('keeps copies: later mutation by the emitter does not change what was captured', async () => {
    const { t } = setup()
    const metadata: Record<string, unknown> = { state: 'a' }
    const [first] = await captureTelemetry(t, 'x.y', () => {
      t.execute('x.y', {}, metadata)
      metadata.state = 'b'
    })
    expect(first?.metadata).toEqual({ state: 'a' })
  })

  it('rejects with fn error, and past the limit, detaching either way', async () => {
    const { t } = setup()
    const boom = new Error('boom')
    await expect(captureTelemetry(t, '*', () => Promise.reject(boom))).rejects.toBe(boom)
    expectNoHandlers(t)
    const flood = captureTelemetry(
      t,
      '*',
      () => {
        for (let i = 0; i < 5; i++) t.execute('x.y', {}, {})
      },
      { limit: 3 },
    )
    await expect(flood).rejects.toThrow('captureTelemetry: more than 3 events captured')
    expectNoHandlers(t)
  })
})
