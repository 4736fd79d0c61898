import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CodedError, safeText } from './codedError.ts'
import {
  dataDropped,
  exportFailure,
  handlerFailure,
  invalidContext,
  invalidInput,
  TelemetryError,
  TelemetryErrorCode,
} from './errors.ts'

describe('error factories', () => {
  it('build a TelemetryError of their kind with the message, details and cause given', () => {
    const cause = new Error('root')
    const cases = [
      [handlerFailure, TelemetryErrorCode.HANDLER_FAILURE],
      [invalidInput, TelemetryErrorCode.INVALID_INPUT],
      [dataDropped, TelemetryErrorCode.DATA_DROPPED],
      [invalidContext, TelemetryErrorCode.INVALID_CONTEXT],
      [exportFailure, TelemetryErrorCode.EXPORT_FAILURE],
    ] as const
    for (const [factory, code] of cases) {
      const error = factory('went wrong', { api: 'x' }, { cause })
      expect(error).toBeInstanceOf(TelemetryError)
      expect(error).toBeInstanceOf(CodedError)
      expect(error.name).toBe('TelemetryError')
      expect(error.code).toBe(code)
      expect(error.message).toBe('went wrong')
      expect(error.details).toEqual({ api: 'x' })
      expect(error.cause).toBe(cause)
    }
  })

  it('default the details to an empty object and leave the cause out when none is given', () => {
    const error = invalidInput('bad')
    expect(error.details).toEqual({})
    expect('cause' in error).toBe(false)
  })
})

describe('CodedError', () => {
  it('never throws while reading a hostile message or options', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('trap')
        },
        has() {
          throw new Error('trap')
        },
      },
    )
    const error = new CodedError('some_code', hostile, hostile as never)
    expect(error.message).toBe('unreadable message')
    expect(error.code).toBe('some_code')
  })

  it('gives subclasses their own name and fields on top of the code', () => {
    class QuotaError extends CodedError<'quota_exceeded'> {
      override readonly name = 'QuotaError'
    }
    const error = new QuotaError('quota_exceeded', 'over quota')
    expect(error).toBeInstanceOf(Error)
    expect(String(error)).toBe('QuotaError: over quota')
  })
})

describe('safeText', () => {
  it('returns strings unchanged and the text of any other value that can be read', () => {
    fc.assert(fc.property(fc.string(), (text) => safeText(text) === text))
    fc.assert(fc.property(fc.anything(), (value) => typeof safeText(value) === 'string'))
  })

  it('returns the fallback when turning the value into text throws', () => {
    const trap = {
      toString() {
        throw new Error('trap')
      },
    }
    expect(safeText(trap, 'unreadable')).toBe('unreadable')
    expect(safeText(Symbol('s'))).toBe('Symbol(s)')
  })
})
