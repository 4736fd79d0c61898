import { EventEmitter } from 'node:events'
import { setTimeout as delay } from 'node:timers/promises' // timer-under-test
import { describe, expect, it } from 'vitest'
import { createTelemetry } from '../src/telemetry.ts'

const t = createTelemetry({ env: {} })
const traceId = () => t.activeSpan()?.spanContext().traceId

function inSpan<T>(fn: (expected: string) => T): T {
  return t.span('ctx.test', {}, (span) => fn(span.spanContext().traceId))
}

describe('context flows through async boundaries', () => {
  it('await', async () => {
    await inSpan(async (expected) => {
      await Promise.resolve()
      expect(traceId()).toBe(expected)
    })
  })

  it('promise chains', async () => {
    await inSpan((expected) =>
      Promise.resolve()
        .then(() => expect(traceId()).toBe(expected))
        .then(() => new Promise<void>((resolve) => queueMicrotask(resolve)))
        .then(() => expect(traceId()).toBe(expected)),
    )
  })

  it('timeouts', async () => {
    await inSpan(
      (expected) =>
        new Promise<void>((resolve) => {
          const check = () => {
            expect(traceId()).toBe(expected)
            resolve()
          }
          setTimeout(check, 1) // timer-under-test
        }),
    )
  })

  it('intervals', async () => {
    await inSpan(
      (expected) =>
        new Promise<void>((resolve) => {
          let ticks = 0
          const tick = () => {
            expect(traceId()).toBe(expected)
            if (++ticks === 2) {
              clearInterval(timer)
              resolve()
            }
          }
          const timer = setInterval(tick, 1) // timer-under-test
        }),
    )
  })

  it('setImmediate', async () => {
    await inSpan(
      (expected) =>
        new Promise<void>((resolve) => {
          setImmediate(() => {
            expect(traceId()).toBe(expected)
            resolve()
          })
        }),
    )
  })

  it('process.nextTick', async () => {
    await inSpan(
      (expected) =>
        new Promise<void>((resolve) => {
          process.nextTick(() => {
            expect(traceId()).toBe(expected)
            resolve()
          })
        }),
    )
  })

  it('promisified timers', async () => {
    await inSpan(async (expected) => {
      await delay(1) // timer-under-test
      expect(traceId()).toBe(expected)
    })
  })

  it('EventEmitter listeners run in the context of emit; t.bind keeps the attaching context', () => {
    const emitter = new EventEmitter()
    const seen: Array<[string, string | undefined]> = []
    const attachingTrace = inSpan((expected) => {
      emitter.on('msg', () => seen.push(['plain', traceId()]))
      emitter.on(
        'msg',
        t.bind(() => seen.push(['bound', traceId()])),
      )
      return expected
    })
    const emittingTrace = inSpan((expected) => {
      emitter.emit('msg')
      return expected
    })
    expect(seen).toEqual([
      ['plain', emittingTrace],
      ['bound', attachingTrace],
    ])
  })

  it('withContext makes an extracted remote context the parent', () => {
    const remote = t.extract({ traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' })
    const child = t.withContext(remote, () => t.startSpan('child'))
    expect(child.spanContext().traceId).toBe('0af7651916cd43dd8448eb211c80319c')
    const carrier: Record<string, string> = {}
    t.withContext(child, () => t.inject(carrier))
    expect(carrier.traceparent).toBe(`00-0af7651916cd43dd8448eb211c80319c-${child.spanContext().spanId}-01`)
  })

  it('withContext(undefined) runs with no active span', () => {
    inSpan(() => {
      expect(t.withContext(undefined, () => t.activeSpan())).toBeUndefined()
    })
  })

  it('a queue hop: inject on send, extract on receive, same trace', async () => {
    const queue: Array<Record<string, string>> = []
    const sent = inSpan((expected) => {
      queue.push(t.inject({}))
      return expected
    })
    const received = await new Promise<string | undefined>((resolve) => {
      setImmediate(() => {
        const message = queue.shift() as Record<string, string>
        t.withContext(t.extract(message), () => t.span('consume', {}, () => resolve(traceId())))
      })
    })
    expect(received).toBe(sent)
  })

  it('the context is shared by every instance', () => {
    const other = createTelemetry({ env: {} })
    inSpan((expected) => {
      expect(other.activeSpan()?.spanContext().traceId).toBe(expected)
    })
  })
})
