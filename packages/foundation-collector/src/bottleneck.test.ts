import { createTelemetry, type TelemetryError } from '@foundation-telemetry/core'
import { describe, expect, it } from 'vitest'
import { type BottleneckLike, instrumentBottleneck } from './bottleneck.ts'

/** A limiter whose listeners the test calls by hand, as bottleneck's emitter would. */
function fakeLimiter() {
  const listeners = new Map<string, (...args: unknown[]) => unknown>()
  const limiter: BottleneckLike = {
    on: (event, listener) => listeners.set(event, listener),
    counts: () => ({}),
    schedule: async () => undefined,
  }
  return { limiter, emit: (event: string, ...args: unknown[]) => listeners.get(event)?.(...args) }
}

describe('instrumentBottleneck listeners', () => {
  it('report a throw once per event, never to bottleneck, and return no retry delay', () => {
    const errors: TelemetryError[] = []
    const t = createTelemetry({ env: {}, onError: (e) => errors.push(e) })
    const { limiter, emit } = fakeLimiter()
    instrumentBottleneck(t, limiter, { name: 'llm' })
    const hostile = {
      get options(): never {
        throw new Error('trap')
      },
    }
    expect(emit('received', hostile)).toBeUndefined()
    expect(emit('received', hostile)).toBeUndefined()
    expect(emit('failed', new Error('job broke'), hostile)).toBeUndefined()
    expect(errors.map((e) => [e.code, e.message, e.details.error])).toEqual([
      ['handler_failure', 'llm: received listener failed', 'trap'],
      ['handler_failure', 'llm: failed listener failed', 'trap'],
    ])
  })
})
