import { describe, expect, it } from 'vitest'
import { watchedRejection } from '../../../tooling/testing/hostile.ts'
import type { TelemetryError } from './errors.ts'
import { createTelemetry } from './telemetry.ts'
import { type CallOutcome, catchRejection, dropRejection, isThenable, settleWith } from './thenable.ts'

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

describe('settleWith', () => {
  /** An outcome that records how the call ended. */
  function recorded() {
    const ends: unknown[] = []
    const outcome: CallOutcome = { ok: () => ends.push('ok'), fail: (error) => ends.push(['fail', error]) }
    return { ends, outcome }
  }

  it('ends a call that returned a plain value at once, passing the value through', () => {
    const { ends, outcome } = recorded()
    expect(settleWith(7, outcome)).toBe(7)
    expect(ends).toEqual(['ok'])
  })

  it('passes the value through and ends the call when the promise fulfils', async () => {
    const { ends, outcome } = recorded()
    const chained = settleWith(Promise.resolve(3), outcome)
    expect(ends).toEqual([])
    await expect(chained).resolves.toBe(3)
    expect(ends).toEqual(['ok'])
  })

  it('rethrows the rejection and fails the call', async () => {
    const { ends, outcome } = recorded()
    const boom = new Error('boom')
    await expect(settleWith(Promise.reject(boom), outcome)).rejects.toBe(boom)
    expect(ends).toEqual([['fail', boom]])
  })

  it('follows a foreign thenable', async () => {
    const { ends, outcome } = recorded()
    await expect(settleWith(foreignRejecting('no'), outcome)).rejects.toBe('no')
    expect(ends).toEqual([['fail', 'no']])
  })

  it('adopts a foreign thenable: a then that returns nothing still gives a promise, a then that throws rejects it', async () => {
    const { ends, outcome } = recorded()
    const sloppy = {
      // biome-ignore lint/suspicious/noThenProperty: a thenable that is not a promise is the subject
      then: (resolve: (value: string) => void) => void resolve('later'),
    }
    await expect(settleWith(sloppy, outcome)).resolves.toBe('later')
    const broken = new Error('then method')
    const odd = {
      // biome-ignore lint/suspicious/noThenProperty: a hostile thenable is the subject
      then: () => {
        throw broken
      },
    }
    await expect(settleWith(odd, outcome)).rejects.toBe(broken)
    expect(ends).toEqual(['ok', ['fail', broken]])
  })

  it("fails the call and rethrows when a promise subclass's then throws", () => {
    const { ends, outcome } = recorded()
    const broken = new Error('then method')
    class OddPromise<T> extends Promise<T> {
      // biome-ignore lint/suspicious/noThenProperty: a hostile promise is the subject
      override then(): never {
        throw broken
      }
    }
    expect(() => settleWith(new OddPromise(() => {}), outcome)).toThrow(broken)
    expect(ends).toEqual([['fail', broken]])
  })

  it('passes the value or the error on when the outcome itself throws', async () => {
    const throwing: CallOutcome = {
      ok: () => {
        throw new Error('outcome broke')
      },
      fail: () => {
        throw new Error('outcome broke')
      },
    }
    expect(settleWith(1, throwing)).toBe(1)
    await expect(settleWith(Promise.resolve(2), throwing)).resolves.toBe(2)
    await expect(settleWith(Promise.reject(new Error('call')), throwing)).rejects.toThrow('call')
    expect(settleWith(3, undefined as never)).toBe(3)
  })
})
