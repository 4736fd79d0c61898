import { describe, expect, it } from 'vitest'
import { readAttachment } from './attachment.ts'
import type { TelemetryError } from './errors.ts'
import { TelemetryErrorCode } from './errors.ts'
import { createHandlerCaller } from './handlerCall.ts'

function attachment(id: string, handler: unknown, durable = false) {
  return readAttachment(
    id,
    'e',
    handler,
    { n: 1 },
    { durable },
    () => false,
    () => {},
  )!
}

describe('createHandlerCaller', () => {
  it('calls handlers in order with the event, both objects and the config', () => {
    const seen: unknown[] = []
    const caller = createHandlerCaller(
      () => {},
      () => {},
    )
    const a = attachment('a', (...args: unknown[]) => seen.push(['a', ...args]))
    const b = attachment('b', (...args: unknown[]) => seen.push(['b', ...args]))
    caller.dispatch([a, b], 'e', { count: 1 }, { k: 'v' }, { k: 'v', enriched: true })
    expect(seen).toEqual([
      ['a', 'e', { count: 1 }, { k: 'v', enriched: true }, { n: 1 }],
      ['b', 'e', { count: 1 }, { k: 'v', enriched: true }, { n: 1 }],
    ])
  })

  it('isolates a throwing handler: counted, reported, detached unless durable, the next still runs', () => {
    const errors: TelemetryError[] = []
    const detached: string[] = []
    const caller = createHandlerCaller(
      (e) => errors.push(e),
      (a) => detached.push(a.id),
    )
    const boom = () => {
      throw new Error('boom')
    }
    const fragile = attachment('fragile', boom)
    const durable = attachment('durable', boom, true)
    let ran = false
    const after = attachment('after', () => {
      ran = true
    })
    caller.dispatch([fragile, durable, after], 'e', {}, {}, {})
    expect(ran).toBe(true)
    expect(detached).toEqual(['fragile'])
    expect([fragile.failures, durable.failures]).toEqual([1, 1])
    expect(errors.map((e) => [e.code, e.details.handler_id, e.details.durable])).toEqual([
      [TelemetryErrorCode.HANDLER_FAILURE, 'fragile', false],
      [TelemetryErrorCode.HANDLER_FAILURE, 'durable', true],
    ])
  })

  it('reports a rejected promise a handler returns instead of leaving it unhandled', async () => {
    let resolve: (error: TelemetryError) => void = () => {}
    const promise = new Promise<TelemetryError>((r) => {
      resolve = r
    })
    const caller = createHandlerCaller(
      (e) => resolve(e),
      () => {},
    )
    caller.call(
      attachment('async', async () => Promise.reject(new Error('later'))),
      'e',
      {},
      {},
    )
    const error = await promise
    expect(error.details).toMatchObject({ handler_id: 'async', event_name: 'e' })
  })
})
