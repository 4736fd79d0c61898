import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { safeStringify } from './jsonRecord.ts'

describe('safeStringify', () => {
  it('matches JSON.stringify for plain JSON values, shared references included', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const shared = { value }
        expect(safeStringify({ a: shared, b: shared })).toBe(JSON.stringify({ a: shared, b: shared }))
      }),
    )
  })

  it('describes errors and bigints even without a cycle', () => {
    expect(JSON.parse(safeStringify({ error: new Error('x'), n: 2n }))).toEqual({
      error: { name: 'Error', message: 'x' },
      n: '2',
    })
  })

  it('describes circular references, bigints and errors instead of throwing', () => {
    const loop: Record<string, unknown> = { n: 1n, error: new TypeError('bad') }
    loop.self = loop
    expect(JSON.parse(safeStringify(loop))).toEqual({
      n: '1',
      error: { name: 'TypeError', message: 'bad' },
      self: '[Circular]',
    })
  })
})
