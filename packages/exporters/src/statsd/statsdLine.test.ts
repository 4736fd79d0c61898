import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatLine, formatTags, sanitizeName } from './statsdLine.ts'

const LINE = /^[A-Za-z][A-Za-z0-9_.]*:[^|:\n]+\|(c|g|ms|h|d|s)(\|@[0-9.e-]+)?(\|#[^|\n]*)?$/

describe('StatsD line format', () => {
  it('always yields one well-formed line whatever the name, tags and value', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.dictionary(fc.string(), fc.string()),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.constantFrom('c', 'g', 'ms', 'h', 'd', 's' as const),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        (name, tags, value, type, rate) => {
          const line = formatLine('dogstatsd', sanitizeName(name), value, type, rate, formatTags(tags))
          expect(line).toBeDefined()
          expect(line).toMatch(LINE)
          const tagSection = line?.split('|#')[1]
          const nonEmptyTags = Object.keys(tags).filter((key) => key !== '').length
          expect(tagSection === undefined ? 0 : tagSection.split(',').length).toBe(nonEmptyTags)
          expect(Number(line?.split(':')[1]?.split('|')[0]) - value).toBe(0)
        },
      ),
    )
  })

  it('writes the sample rate only for c, ms, h and d, and refuses non-finite values', () => {
    expect(formatLine('dogstatsd', 'a', 1, 'c', 0.5, '')).toBe('a:1|c|@0.5')
    expect(formatLine('dogstatsd', 'a', 1, 'g', 0.5, '')).toBe('a:1|g')
    expect(formatLine('dogstatsd', 'a', 1, 's', 0.5, 'k:v')).toBe('a:1|s|#k:v')
    expect(formatLine('dogstatsd', 'a', Number.POSITIVE_INFINITY, 'g', 1, '')).toBeUndefined()
    expect(sanitizeName('9 lives/™')).toBe('m_9_lives__')
  })

  it('sets a negative gauge in plain statsd by zeroing it first (a signed value there is a delta)', () => {
    expect(formatLine('statsd', 'pool.delta', -3, 'g', 1, '')).toBe('pool.delta:0|g\npool.delta:-3|g')
    expect(formatLine('statsd', 'pool.delta', 3, 'g', 1, '')).toBe('pool.delta:3|g')
    expect(formatLine('dogstatsd', 'pool.delta', -3, 'g', 1, 'k:v')).toBe('pool.delta:-3|g|#k:v')
  })
})
