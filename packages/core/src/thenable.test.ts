import { describe, expect, it } from 'vitest'
import type { TelemetryError } from './errors.ts'
import { createTelemetry } from './telemetry.ts'
import { catchRejection, isThenable } from './thenable.ts'

/** A minimal promise-library-style thenable that rejects with `reason` when subscribed to. */
function foreignRejecting(reason: unknown): PromiseLike<never> {
  return {
    // biome-ignore lint/suspicious/noThenProperty: a foreign thenable is the subject
    then(_onFulfilled, onRejected) {
      queueMicrotask(() => onRejected?.(reason))
      return this as never
    },
  }
}

describe('thenables returned by user callbacks', () => {
  it('tells thenables from plain values, a throwing then getter included', () => {
    expect(isThenable(Promise.resolve(1))).toBe(true)
    expect(isThenable(foreignRejecting('x'))).toBe(true)
    expect(isThenable(() => {})).toBe(false)
    // biome-ignore lint/suspicious/noThenProperty: a non-function then is the subject
    expect(isThenable({ then: 1 })).toBe(false)
    expect(isThenable(42)).toBe(false)
    expect(isThenable(null)).toBe(false)
    const hostile = {
      // biome-ignore lint/suspicious/noThenProperty: a throwing then getter is the subject
      get then(): unknown {
        throw new Error('getter')
      },
    }
    expect(isThenable(hostile)).toBe(false)
  })

  it('hands the rejection of a foreign thenable, and a then that throws, to the callback', async () => {
    const foreign = await new Promise((resolve) => catchRejection(foreignRejecting('foreign'), resolve))
    expect(foreign).toBe('foreign')
    const broken = {
      // biome-ignore lint/suspicious/noThenProperty: a then that throws is the subject
      then(): never {
        throw new Error('then threw')
      },
    }
    const thrown = await new Promise((resolve) => catchRejection(broken, resolve))
    expect((thrown as Error).message).toBe('then threw')
  })

  it('reports and detaches a handler whose foreign thenable rejects', async () => {
    let onError: (error: TelemetryError) => void = () => {}
    const reported = new Promise<TelemetryError>((resolve) => {
      onError = resolve
    })
    const t = createTelemetry({ env: {}, enrich: false, onError: (error) => onError(error) })
    t.attach('async-lib', 'app.job.done', () => foreignRejecting(new Error('lib rejected')))
    t.execute('app.job.done', { count: 1 }, {})
    const error = await reported
    expect(error.code).toBe('handler_failure')
    expect(error.message).toContain('async-lib')
    expect(t.listHandlers()).toEqual([])
  })
})
