import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import { createTelemetry } from '../src/telemetry.ts'

describe('no context leaks between concurrent requests', () => {
  it('hundreds of interleaved requests each see only their own trace id', async () => {
    const t = createTelemetry({ env: {} })
    const emitter = new EventEmitter()
    emitter.setMaxListeners(0)
    const events = new Map<string, Set<string>>()
    t.attach('collect', ['req.step', 'req.inner.*'], (_event, _m, metadata) => {
      const own = metadata.request_trace as string
      const set = events.get(own) ?? new Set<string>()
      set.add(metadata.trace_id as string)
      events.set(own, set)
    })
    const leaks: string[] = []

    const request = (i: number) =>
      t.span('req', { i }, async (span) => {
        const own = span.spanContext().traceId
        const check = (where: string) => {
          const seen = t.activeSpan()?.spanContext().traceId
          if (seen !== own) leaks.push(`${i}@${where}: ${seen}`)
          t.execute('req.step', {}, { request_trace: own })
        }
        check('start')
        for (let step = 0; step < 5; step++) {
          await new Promise<void>((resolve) => setImmediate(resolve))
          check('immediate')
          await Promise.resolve()
          check('microtask')
          await new Promise<void>((resolve) => process.nextTick(resolve))
          check('tick')
          await new Promise<void>((resolve) => setTimeout(resolve, i % 3)) // timer-under-test
          check('timeout')
          await t.span('req.inner', { request_trace: own }, async () => {
            await new Promise<void>((resolve) => setImmediate(resolve))
            check('inner')
          })
        }
        return own
      })

    const ids = await Promise.all(Array.from({ length: 400 }, (_, i) => request(i)))
    expect(leaks).toEqual([])
    expect(new Set(ids).size).toBe(400)
    expect(events.size).toBe(400)
    for (const [own, seen] of events) expect([...seen]).toEqual([own])
  })
})
