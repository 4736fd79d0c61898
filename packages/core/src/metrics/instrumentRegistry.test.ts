import { describe, expect, it } from 'vitest'
import type { TelemetryError } from '../errors.ts'
import { createManualClock } from '../manualClock.ts'
import { CounterInstrument } from './counter.ts'
import { createEngineContext } from './engineContext.ts'
import { createInstrumentRegistry, MAX_INSTRUMENTS } from './instrumentRegistry.ts'

function registry() {
  const errors: TelemetryError[] = []
  const ctx = createEngineContext(
    createManualClock(),
    (e) => errors.push(e),
    () => undefined,
  )
  const reg = createInstrumentRegistry(ctx, (name) =>
    name === 'known'
      ? { name, kind: 'counter', unit: '{call}', description: 'Known calls.', tagKeys: [] }
      : undefined,
  )
  const counter = (name: unknown, options?: unknown) =>
    reg.obtain('counter', name, options, (config) => new CounterInstrument(ctx, config))
  return { reg, counter, errors, ctx }
}

describe('instrument registry', () => {
  it('hands out one instrument per name and kind, configured from the taxonomy when it knows the name', () => {
    const { reg, counter } = registry()
    const a = counter('known')
    expect(counter('known')).toBe(a)
    expect(a.unit).toBe('{call}')
    expect(reg.get('known')).toBe(a)
    expect(reg.size).toBe(1)
  })

  it('a bad name or a name taken by another kind gets a working instrument that is not registered, reported', () => {
    const { reg, counter, errors, ctx } = registry()
    counter('taken')
    const other = reg.obtain('gauge', 'taken', undefined, (config) => new CounterInstrument(ctx, config))
    const nameless = counter('')
    other.add(1)
    nameless.add(1)
    expect([...reg.all()].map((i) => i.name)).toEqual(['taken'])
    expect(errors.map((e) => e.details?.metric)).toEqual(['taken', ''])
  })

  it('a name taken by another kind is reported with both kinds, and the registered instrument stays', () => {
    const { reg, counter, errors, ctx } = registry()
    const first = counter('taken')
    reg.obtain('gauge', 'taken', undefined, (config) => new CounterInstrument(ctx, config))
    expect(errors[0]?.details).toMatchObject({ metric: 'taken', kind: 'gauge', existing: 'counter' })
    expect(errors[0]?.message).toContain('taken is already a counter')
    expect(reg.get('taken')).toBe(first)
  })

  it('under the limit refuses nothing and reports nothing', () => {
    const { reg, counter, errors } = registry()
    counter('a')
    expect(reg.refuses('b')).toBe(false)
    expect(errors).toHaveLength(0)
  })

  it('a name or options object that throws when read gets an unregistered default instrument', () => {
    const { reg, counter, errors } = registry()
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('no')
        },
      },
    )
    expect(() => counter('x', hostile).add(1)).not.toThrow()
    expect(reg.size).toBe(0)
    expect(errors).toHaveLength(1)
  })

  it('past the limit refuses new names, reporting once until rearmed', () => {
    const { reg, counter, errors } = registry()
    for (let i = 0; i < MAX_INSTRUMENTS; i++) counter(`m${i}`)
    expect(reg.refuses('next')).toBe(true)
    counter('later')
    expect(reg.get('later')).toBeUndefined()
    expect(errors).toHaveLength(1)
    reg.rearm()
    expect(reg.refuses('again')).toBe(true)
    expect(errors).toHaveLength(2)
  })
})
