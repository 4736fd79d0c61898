import { describe, expect, it } from 'vitest'
import { series, snapshot } from '../../test/metricSnapshots.ts'
import { makeSpan } from '../../test/otlpSupport.ts'
import { eventWriter, spanWriter, writeMetrics } from './jsonlExporter.ts'

function recordingOutput() {
  const lines: Array<{ record: Record<string, unknown>; signal: string }> = []
  return {
    lines,
    write: (record: Record<string, unknown>, signal: string) => void lines.push({ record, signal }),
    flush: () => Promise.resolve(),
  }
}

const redaction = {
  name: (name: string) => `redacted.${name}`,
  value: <TValue>(_value: TValue) => '[redacted]' as TValue,
}

describe('eventWriter', () => {
  it("writes each event as an 'events' line stamped by the clock, name and payloads redacted", () => {
    const output = recordingOutput()
    const write = eventWriter(output, { now: () => 0 }, redaction)
    write('checkout.done', { count: 1 }, { user: 'ada' })
    expect(output.lines).toEqual([
      {
        signal: 'events',
        record: {
          type: 'event',
          time: '1970-01-01T00:00:00.000Z',
          name: 'redacted.checkout.done',
          measurements: '[redacted]',
          metadata: '[redacted]',
        },
      },
    ])
  })
})

describe('spanWriter', () => {
  it("writes each ended span as a 'spans' line after redacting it", () => {
    const output = recordingOutput()
    const span = makeSpan(1)
    const seen: unknown[] = []
    const spanRedaction = {
      span: <TSpan>(s: TSpan) => {
        seen.push(s)
        return { ...s, name: 'redacted' }
      },
    }
    spanWriter(output, spanRedaction, { reportError() {} }).onEnd(span)
    expect(seen).toEqual([span])
    expect(output.lines).toHaveLength(1)
    expect(output.lines[0]?.signal).toBe('spans')
    expect(output.lines[0]?.record).toMatchObject({ type: 'span', name: 'redacted' })
  })

  it('reports a span that cannot be recorded instead of throwing', () => {
    const reported: unknown[] = []
    const output = {
      write: () => {
        throw new Error('disk gone')
      },
      flush: () => Promise.resolve(),
    }
    const processor = spanWriter(output, { span: (s) => s }, { reportError: (error) => reported.push(error) })
    expect(() => processor.onEnd(makeSpan(1))).not.toThrow()
    expect(reported).toHaveLength(1)
  })
})

describe('writeMetrics', () => {
  it("writes one 'metrics' line per snapshot, all with the same time", () => {
    const output = recordingOutput()
    const metric = (name: string) => snapshot({ name, kind: 'counter', series: [series({}, { value: 1 })] })
    writeMetrics([metric('a'), metric('b')], '2026-01-01T00:00:00.000Z', output)
    expect(output.lines.map(({ record, signal }) => [signal, record.name, record.time])).toEqual([
      ['metrics', 'a', '2026-01-01T00:00:00.000Z'],
      ['metrics', 'b', '2026-01-01T00:00:00.000Z'],
    ])
  })
})
