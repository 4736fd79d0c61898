import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { readOtelTraceState, writeOtelTraceState } from './otelTraceState.ts'

const th = fc.stringMatching(/^[0-9a-f]{1,14}$/)
const rv = fc.stringMatching(/^[0-9a-f]{14}$/)
const vendor = fc
  .tuple(fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/), fc.stringMatching(/^[a-zA-Z0-9]{1,8}$/))
  .filter(([k]) => k !== 'ot')
  .map(([k, v]) => `${k}=${v}`)

describe('the ot member of tracestate', () => {
  it('reads back what it writes, and keeps the other members after it', () => {
    fc.assert(
      fc.property(
        fc.option(th, { nil: undefined }),
        fc.option(rv, { nil: undefined }),
        fc.array(vendor, { maxLength: 4 }),
        (t, r, others) => {
          const written = writeOtelTraceState(others.join(','), { th: t, rv: r })
          const read = readOtelTraceState(written)
          expect(read.th).toBe(t)
          expect(read.rv).toBe(r)
          const rest = (written ?? '').split(',').filter((m) => m !== '' && !m.startsWith('ot='))
          expect(rest).toEqual(others)
          if (t !== undefined || r !== undefined) expect(written?.startsWith('ot=')).toBe(true)
        },
      ),
    )
  })

  it('ignores malformed th and rv values and keeps unknown sub-keys', () => {
    expect(readOtelTraceState('ot=th:XYZ;rv:123;foo:bar')).toEqual({ rest: ['foo:bar'] })
    expect(readOtelTraceState('a=1, ot=th:c;rv:d0000000000000 ,b=2')).toEqual({
      th: 'c',
      rv: 'd0000000000000',
      rest: [],
    })
    expect(readOtelTraceState(undefined)).toEqual({ rest: [] })
  })

  it('drops the member when nothing is left in it', () => {
    expect(writeOtelTraceState('ot=th:c,vendor=1', {})).toBe('vendor=1')
    expect(writeOtelTraceState('ot=th:c', {})).toBeUndefined()
  })
})
