import { describe, expect, it } from 'vitest'
import { watchedRejection } from '../../../tooling/testing/hostile.ts'
import type { TelemetryError } from './errors.ts'
import { createTelemetry } from './telemetry.ts'
import { catchRejection, dropRejection, isThenable } from './thenable.ts'

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

  it('dropRejection gives a returned promise or thenable a rejection handler and leaves other values', async () => {
    const { promise, handlers } = watchedRejection(new Error('async callback failed'))
    dropRejection(promise)
    // A foreign thenable is adopted: its then is called from a microtask.
    const adopted = new Promise<void>((resolve) => {
      // biome-ignore lint/suspicious/noThenProperty: a foreign thenable is the subject
      dropRejection({ then: (_: unknown, onRejected: unknown) => resolve(void handlers.push(onRejected)) })
    })
    for (const plain of [undefined, null, 1, 'x', {}]) dropRejection(plain)
    await adopted
    expect(handlers).toHaveLength(2)
    for (const handler of handlers) expect(typeof handler).toBe('function')
  })
})
