import { describe, expect, it } from 'vitest'
import { readOptionKeys } from './readOptionKeys.ts'

interface Options {
  rate?: number
  name?: string
  clock?: unknown
}
const KEYS = ['rate', 'name', 'clock'] as const

describe('readOptionKeys', () => {
  it('copies the listed keys that are set, and nothing else', () => {
    const read = readOptionKeys<Options>({ rate: 0.5, name: undefined, extra: 1 }, KEYS)
    expect(read).toEqual({ options: { rate: 0.5 }, unreadable: [] })
    expect('error' in read).toBe(false)
  })

  it('drops only the keys whose read throws, names them, and hands back the first error', () => {
    const first = new Error('rate unreadable')
    const hostile = {
      get rate(): number {
        throw first
      },
      name: 'kept',
      get clock(): unknown {
        throw new Error('clock unreadable')
      },
    }
    const read = readOptionKeys<Options>(hostile, KEYS)
    expect(read.options).toEqual({ name: 'kept' })
    expect(read.unreadable).toEqual(['rate', 'clock'])
    expect(read.error).toBe(first)
  })

  it('reads a Proxy whose every trap throws as nothing, without throwing', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('no')
        },
      },
    )
    const read = readOptionKeys<Options>(hostile, KEYS)
    expect([read.options, read.unreadable, (read.error as Error).message]).toEqual([
      {},
      ['rate', 'name', 'clock'],
      'no',
    ])
  })

  it('reads a function as an options object', () => {
    const fn = Object.assign(() => {}, { rate: 1 })
    expect(readOptionKeys<Options>(fn, KEYS).options.rate).toBe(1)
  })

  it('gives nothing for undefined, and nothing with `options` unreadable for any other non-object', () => {
    expect(readOptionKeys<Options>(undefined, KEYS)).toEqual({ options: {}, unreadable: [] })
    for (const value of [null, 7, 'rate', true, Symbol('s')])
      expect(readOptionKeys<Options>(value, KEYS)).toEqual({ options: {}, unreadable: ['options'] })
  })

  it('reads nothing, and names `options` unreadable, when the key list itself cannot be walked', () => {
    const read = readOptionKeys({ rate: 1 }, (() => {}) as never)
    expect(read.options).toEqual({})
    expect(read.unreadable).toEqual(['options'])
    expect(read.error).toBeInstanceOf(TypeError)
  })
})
