import { describe, expect, it } from 'vitest'
import { detachOnce } from './detachOnce.ts'

describe('detachOnce', () => {
  it('calls every detacher in order on the first call', () => {
    const calls: string[] = []
    const detach = detachOnce([() => calls.push('a'), () => calls.push('b'), () => calls.push('c')])
    expect(calls).toEqual([])
    detach()
    expect(calls).toEqual(['a', 'b', 'c'])
  })

  it('does nothing on later calls', () => {
    let calls = 0
    const detach = detachOnce([() => calls++])
    detach()
    detach()
    expect(calls).toBe(1)
  })

  it('skips entries that are not functions and a list that is not an array', () => {
    let calls = 0
    detachOnce([null, () => calls++, 'x'] as never)()
    expect(calls).toBe(1)
    expect(() => detachOnce({} as never)()).not.toThrow()
  })
})
