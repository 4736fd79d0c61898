import { describe, expect, it } from 'vitest'
import { textOf } from './errorText.ts'

describe('textOf', () => {
  it('reads an error, a string or any value as String() does', () => {
    expect(textOf(new TypeError('bad'))).toBe('TypeError: bad')
    expect(textOf('plain')).toBe('plain')
    expect(textOf(undefined)).toBe('undefined')
    expect(textOf(Symbol('s'))).toBe('Symbol(s)')
  })

  it('gives a stand-in instead of throwing for a value String() cannot read', () => {
    const hostile = {
      toString(): never {
        throw new Error('no')
      },
    }
    expect(textOf(hostile)).toBe('an error that cannot be read')
    expect(textOf(Object.create(null))).toBe('an error that cannot be read')
  })
})
