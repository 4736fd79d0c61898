import { createTelemetry } from '@foundation-telemetry/core'
import { describe, expect, it } from 'vitest'
import { expectNoHandlers, setup } from '../test/support.ts'
import { assertTelemetryEvent } from './assertTelemetryEvent.ts'
import { attachObserver, nextHandlerId, type TelemetryLike } from './observe.ts'

describe('attachObserver', () => {
  it('attaches one catch-all handler with a unique ft-testing id', () => {
    const { t } = setup()
    const first = nextHandlerId()
    const detach = attachObserver(
      t,
      ['a.b'],
      () => {},
      () => {},
    )
    const [row] = t.listHandlers()
    expect(row?.eventName).toBe('*')
    expect(row?.id).toMatch(/^ft-testing:\d+$/)
    expect(row?.id).not.toBe(first)
    detach()
    expectNoHandlers(t)
  })

  it('routes a bug in its handler to onError instead of letting core detach it', () => {
    const { t } = setup()
    const errors: unknown[] = []
    const detach = attachObserver(
      t,
      ['*'],
      () => {
        throw new Error('bug')
      },
      (error) => errors.push(error),
    )
    t.execute('a.b', {}, {})
    expect(errors).toHaveLength(1)
    expect(t.stats()).toEqual({})
    detach()
  })

  it("falls back to the expectations' own names on a bus without a catch-all, without double delivery", async () => {
    const inner = createTelemetry({ enrich: false })
    // A bus that refuses '*' (as an older or third-party implementation might).
    const narrow: TelemetryLike = {
      attach: (id, events, handler) => {
        const list = typeof events === 'string' ? [events] : events
        if (list.includes('*')) return () => {}
        return inner.attach(id, list, handler)
      },
      detach: (id) => inner.detach(id),
      listHandlers: (prefix) => inner.listHandlers(prefix),
    }
    const seen: string[] = []
    const detach = attachObserver(
      narrow,
      ['a.*', 'a.b', 'c.d'],
      (event) => seen.push(event),
      () => {},
    )
    expect(inner.listHandlers().map((row) => row.eventName)).toEqual(['a.*', 'c.d'])
    inner.execute('a.b', {}, {})
    inner.execute('c.d', {}, {})
    inner.execute('e.f', {}, {})
    expect(seen).toEqual(['a.b', 'c.d'])
    detach()
    await expect(
      assertTelemetryEvent(narrow, 'a.b', undefined, () => inner.execute('a.b', {}, {})),
    ).resolves.toMatchObject({
      event: 'a.b',
    })
    expect(inner.listHandlers()).toEqual([])
  })
})
