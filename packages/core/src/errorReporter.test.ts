import { describe, expect, it } from 'vitest'
import { createErrorReporter, errorEventNames } from './errorReporter.ts'
import { TelemetryError, TelemetryErrorCode } from './errors.ts'
import type { Measurements, Metadata } from './types.ts'

describe('error reporter', () => {
  it('calls onError once, counts by code and emits the matching telemetry.* event', () => {
    const hooked: TelemetryError[] = []
    const emitted: Array<[string, Measurements, Metadata]> = []
    const reporter = createErrorReporter({
      onError: (e) => hooked.push(e),
      emit: (...args) => emitted.push(args),
    })
    const error = new TelemetryError(TelemetryErrorCode.DATA_DROPPED, 'queue full', { queue: 'spans' })
    reporter.report(error)
    reporter.report(new TelemetryError(TelemetryErrorCode.INVALID_CONTEXT, 'bad header'))
    expect(hooked).toEqual([error, expect.any(TelemetryError)])
    expect(reporter.stats()).toEqual({ data_dropped: 1, invalid_context: 1 })
    expect(emitted[0]).toEqual([
      'telemetry.data.dropped',
      { count: 1 },
      {
        code: 'data_dropped',
        message: 'queue full',
        source: 'unknown',
        reason: 'queue full',
        queue: 'spans',
      },
    ])
    expect(emitted[1]?.[0]).toBe('telemetry.input.invalid')
  })

  it('maps every code to an event', () => {
    for (const code of Object.values(TelemetryErrorCode))
      expect(errorEventNames[code]).toMatch(/^telemetry\./)
  })

  it('does not re-emit for problems raised while emitting', () => {
    const emitted: string[] = []
    const reporter = createErrorReporter({
      emit: (event) => {
        emitted.push(event)
        reporter.report(new TelemetryError(TelemetryErrorCode.HANDLER_FAILURE, 'nested'))
      },
    })
    reporter.report(new TelemetryError(TelemetryErrorCode.HANDLER_FAILURE, 'outer'))
    expect(emitted).toEqual(['telemetry.handler.failure'])
    expect(reporter.stats().handler_failure).toBe(2)
  })

  it('stats() is a snapshot', () => {
    const reporter = createErrorReporter({ emit: () => {} })
    const before = reporter.stats()
    reporter.report(new TelemetryError(TelemetryErrorCode.EXPORT_FAILURE, 'x'))
    expect(before).toEqual({})
  })

  it('handles the rejection of an async onError hook, so it cannot end the host process', () => {
    let handled = false
    class Tracked<T> extends Promise<T> {
      // biome-ignore lint/suspicious/noThenProperty: observing who handles the rejection is the subject
      override then<A = T, B = never>(
        onFulfilled?: ((value: T) => A | PromiseLike<A>) | null,
        onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
      ): Promise<A | B> {
        if (typeof onRejected === 'function') handled = true
        return super.then(onFulfilled, onRejected)
      }
    }
    const reporter = createErrorReporter({
      onError: () => Tracked.reject(new Error('log sink down')) as unknown as undefined,
      emit: () => {},
    })
    reporter.report(new TelemetryError(TelemetryErrorCode.EXPORT_FAILURE, 'x'))
    expect(handled).toBe(true)
  })
})
