import { describe, expect, it } from 'vitest'
import { recordEndedSpans } from '../test/spans.ts'
import { addExceptionKeys, failSpan } from './spanFailure.ts'
import { createTelemetry } from './telemetry.ts'
import { SpanStatusCode } from './types.ts'

describe('failSpan', () => {
  it('records the exception on the span and sets an error status with its message', () => {
    const t = createTelemetry({ env: {} })
    const ended = recordEndedSpans(t)
    const span = t.startSpan('op')
    const details = failSpan(span, new TypeError('nope'))
    span.end()
    expect(details).toMatchObject({ kind: 'TypeError', message: 'nope' })
    expect(ended[0]?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'nope' })
    expect(ended[0]?.events.map((e) => [e.name, e.attributes['exception.message']])).toEqual([
      ['exception', 'nope'],
    ])
  })

  it('describes a thrown non-error value without throwing', () => {
    const t = createTelemetry({ env: {} })
    const span = t.startSpan('op')
    expect(failSpan(span, 'plain')).toEqual({ kind: 'string', message: 'plain', stacktrace: '' })
    span.end()
  })

  it('leaves an object that is not a span alone, without throwing', () => {
    expect(failSpan({} as never, new Error('x'))).toMatchObject({ kind: 'Error', message: 'x' })
  })
})

describe('addExceptionKeys', () => {
  it('adds kind, reason, stacktrace and the error to the metadata it is given, and returns it', () => {
    const error = new RangeError('out')
    const metadata: Record<string, unknown> = { name: 'db', kind: 'overwritten' }
    const out = addExceptionKeys(metadata, { kind: 'RangeError', message: 'out', stacktrace: 's' }, error)
    expect(out).toBe(metadata)
    expect(out).toEqual({ name: 'db', kind: 'RangeError', reason: 'out', stacktrace: 's', error })
  })

  it('returns metadata that takes no keys as given, without throwing', () => {
    const details = { kind: 'Error', message: 'm', stacktrace: '' }
    const frozen = Object.freeze({ name: 'db' })
    expect(addExceptionKeys(frozen as never, details, null)).toBe(frozen)
    expect(frozen).toEqual({ name: 'db' })
    expect(addExceptionKeys(Symbol.for('s') as never, details, null)).toBe(Symbol.for('s'))
    expect(addExceptionKeys({}, null as never, null)).toEqual({})
  })
})
