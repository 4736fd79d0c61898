import type { MetricSnapshot } from '@foundation-telemetry/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { escapeHelp, escapeLabelValue, formatCanonicalFloat, formatValue } from './escape.ts'
import { createPrometheusSerializer } from './serializer.ts'

interface ParsedSample {
  name: string
  labels: Record<string, string>
  value: number
}

// A deliberately independent reader of the text format: a character-level state machine for
// one sample line, and HELP unescaping, as Prometheus' lexer reads them.
function parseSample(line: string): ParsedSample {
  let i = 0
  let name = ''
  while (i < line.length && line[i] !== '{' && line[i] !== ' ') name += line[i++]
  const labels: Record<string, string> = {}
  if (line[i] === '{') {
    i++
    while (line[i] !== '}') {
      let label = ''
      while (line[i] !== '=') label += line[i++]
      i++
      if (line[i++] !== '"') throw new Error(`expected quote at ${i}`)
      let value = ''
      for (;;) {
        const c = line[i++]
        if (c === undefined) throw new Error('unterminated label value')
        if (c === '"') break
        if (c === '\n') throw new Error('raw newline inside a label value')
        if (c === '\\') {
          const next = line[i++]
          if (next === 'n') value += '\n'
          else if (next === '\\' || next === '"') value += next
          else throw new Error(`bad escape \\${next}`)
        } else {
          value += c
        }
      }
      labels[label] = value
      if (line[i] === ',') i++
    }
    i++
  }
  if (line[i++] !== ' ') throw new Error('expected a space before the value')
  return { name, labels, value: Number(line.slice(i)) }
}

function unescapeHelp(text: string): string {
  return text.replace(/\\(\\|n)/g, (_, c: string) => (c === 'n' ? '\n' : '\\'))
}

// Any Unicode scalar value, with the characters that need escaping (and their neighbours in the
// escape syntax) drawn often enough to meet each other.
const codePoint = fc.oneof(
  fc.constantFrom('\\', '"', '\n', 'n', '\r', '\t', '{', '}', ',', '=', ' ', '#'),
  fc
    .integer({ min: 0, max: 0x10ffff })
    .filter((c) => c < 0xd800 || c > 0xdfff)
    .map((c) => String.fromCodePoint(c)),
)
const unicodeString = (minLength = 0) => fc.string({ unit: codePoint, minLength, maxLength: 40 })

describe('escaping', () => {
  it('round-trips arbitrary unicode label values and HELP texts through a text-format reader', () => {
    fc.assert(
      fc.property(unicodeString(), unicodeString(), unicodeString(1), (value, other, help) => {
        const snapshot: MetricSnapshot = {
          name: 'prop.gauge',
          kind: 'gauge',
          unit: '1',
          description: help,
          temporality: 'cumulative',
          monotonic: false,
          series: [{ tags: { a: value, b: other }, startTime: 0, time: 0, value: 7 }],
        }
        const text = createPrometheusSerializer().serialize({
          snapshots: [snapshot],
          resource: {},
          format: 'text',
        })
        const lines = text.split('\n')
        expect(lines).toHaveLength(4)
        expect(lines[3]).toBe('')
        expect(unescapeHelp(lines[0]!.slice('# HELP prop_gauge '.length))).toBe(help)
        expect(parseSample(lines[2]!)).toEqual({
          name: 'prop_gauge',
          labels: { a: value, b: other },
          value: 7,
        })
      }),
      { numRuns: 1000 },
    )
  })

  it('escapes only what each context requires', () => {
    expect(escapeHelp('a\\b\n"c"')).toBe('a\\\\b\\n"c"')
    expect(escapeLabelValue('a\\b\n"c" ü')).toBe('a\\\\b\\n\\"c\\" ü')
    expect(escapeLabelValue('plain')).toBe('plain')
  })
})

describe('number formatting', () => {
  it('writes integers without .0 and special values the Prometheus way', () => {
    expect([1, 0, -3, 0.1, 1e21, 1.5e-7].map(formatValue)).toEqual(['1', '0', '-3', '0.1', '1e+21', '1.5e-7'])
    expect([Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN].map(formatValue)).toEqual([
      '+Inf',
      '-Inf',
      'NaN',
    ])
  })

  it('writes canonical floats for OpenMetrics le/quantile', () => {
    expect([1, 0, 0.5, 10, 1e21, Number.POSITIVE_INFINITY].map(formatCanonicalFloat)).toEqual([
      '1.0',
      '0.0',
      '0.5',
      '10.0',
      '1e+21',
      '+Inf',
    ])
  })

  it('parses back to the same number for arbitrary doubles', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true }), (value) => {
        const parsed = Number(formatValue(value).replace('+Inf', 'Infinity').replace('-Inf', '-Infinity'))
        expect(Object.is(parsed, value) || (value === 0 && parsed === 0)).toBe(true)
        expect(
          Number(formatCanonicalFloat(value).replace('+Inf', 'Infinity').replace('-Inf', '-Infinity')),
        ).toBe(parsed)
      }),
    )
  })
})
