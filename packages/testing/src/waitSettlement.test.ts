import { describe, expect, it } from 'vitest'
import { WaitSettlement } from './waitSettlement.ts'

function settlement<T>() {
  const outcomes: Array<{ value?: T; error?: unknown }> = []
  const s = new WaitSettlement<T>(
    (value) => outcomes.push({ value }),
    (error) => outcomes.push({ error }),
  )
  return { s, outcomes }
}

describe('WaitSettlement', () => {
  it('resolves with the value when finished without an error, and only the first finish counts', () => {
    const { s, outcomes } = settlement<string>()
    expect(s.finished).toBe(false)
    s.finish(undefined, 'ready')
    s.finish(new Error('late'))
    s.finish(undefined, 'again')
    expect(s.finished).toBe(true)
    expect(outcomes).toEqual([{ value: 'ready' }])
  })

  it('rejects with the error when one is given', () => {
    const { s, outcomes } = settlement<string>()
    const error = new Error('timed out')
    s.finish(error, 'ignored')
    expect(outcomes).toEqual([{ error }])
  })

  it('releases what it holds, in the order held, before the promise settles', () => {
    const order: string[] = []
    const s = new WaitSettlement<void>(
      () => order.push('resolve'),
      () => order.push('reject'),
    )
    s.hold(() => order.push('observer'))
    s.hold(() => order.push('timeout'))
    s.finish(undefined)
    s.finish(undefined)
    expect(order).toEqual(['observer', 'timeout', 'resolve'])
  })

  it('releases at once what is held after it has settled', () => {
    const { s } = settlement<void>()
    s.finish(new Error('failed early'))
    let released = 0
    s.hold(() => {
      released += 1
    })
    expect(released).toBe(1)
  })
})
