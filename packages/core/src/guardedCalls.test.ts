import { describe, expect, it } from 'vitest'
import { currentCorrelationId } from './correlation.ts'
import { TelemetryError, TelemetryErrorCode } from './errors.ts'
import { guardedReportError, guardedWithCorrelationId } from './guardedCalls.ts'

describe('guardedWithCorrelationId', () => {
  it('runs fn with the id, runs it without one for a bad id, and runs nothing for a non-function', () => {
    const errors: TelemetryError[] = []
    const withId = guardedWithCorrelationId((e) => errors.push(e))
    expect(withId('req-1', () => currentCorrelationId())).toBe('req-1')
    expect(withId('', () => 'ran')).toBe('ran')
    expect(withId('req-2', 'nope' as never)).toBeUndefined()
    expect(errors.map((e) => e.details.api)).toEqual(['withCorrelationId', 'withCorrelationId'])
  })
})

describe('guardedReportError', () => {
  it('passes a TelemetryError through and reports anything else as invalid input', () => {
    const errors: TelemetryError[] = []
    const reportError = guardedReportError((e) => errors.push(e))
    const mine = new TelemetryError(TelemetryErrorCode.EXPORT_FAILURE, 'x', {})
    reportError(mine)
    reportError('not an error' as never)
    const revoked = Proxy.revocable({}, {})
    revoked.revoke()
    reportError(revoked.proxy as never)
    expect(errors[0]).toBe(mine)
    expect(errors.slice(1).map((e) => e.code)).toEqual([
      TelemetryErrorCode.INVALID_INPUT,
      TelemetryErrorCode.INVALID_INPUT,
    ])
  })
})
