import { Writable } from 'node:stream'
import { createManualClock } from '@foundation-telemetry/core'
import { flushMicrotasks } from '@foundation-telemetry/testing'
import { describe, expect, it } from 'vitest'
import { captureStream } from '../../test/captureStream.ts'
import { endStream } from './endStream.ts'

/** A stream whose writes never complete, so it can never finish ending. */
function stuckStream(): Writable {
  return new Writable({ highWaterMark: 1, write() {} })
}

describe('ending an owned stream', () => {
  it('resolves once the stream has finished what it holds, cancelling its deadline and reporting nothing', async () => {
    const out = captureStream()
    const clock = createManualClock()
    const errors: unknown[] = []
    out.stream.write('last line\n')
    await endStream(out.stream, clock, 1000, (error) => errors.push(error))
    expect(out.stream.writableFinished).toBe(true)
    expect(out.lines()).toEqual(['last line'])
    expect(clock.pendingTimers()).toBe(0)
    expect(errors).toEqual([])
  })

  it('gives up after the timeout on the clock: reports a TimeoutError and destroys the stream', async () => {
    const stream = stuckStream()
    stream.write('never written\n')
    const clock = createManualClock()
    const errors: unknown[] = []
    let settled = false
    const ending = endStream(stream, clock, 1000, (error) => errors.push(error)).then(() => {
      settled = true
    })
    clock.advance(999)
    await flushMicrotasks()
    expect(settled).toBe(false)
    clock.advance(1)
    await ending
    expect(errors).toHaveLength(1)
    expect((errors[0] as Error).name).toBe('TimeoutError')
    expect((errors[0] as Error).message).toBe('output stream did not end within 1000 ms')
    expect(stream.destroyed).toBe(true)
  })

  it('reports an end() that throws and resolves at once', async () => {
    const stream = new Writable({ write: (_chunk, _encoding, callback) => callback() })
    stream.end = () => {
      throw 'not a stream any more'
    }
    const clock = createManualClock()
    const errors: unknown[] = []
    await endStream(stream, clock, 1000, (error) => errors.push(error))
    expect((errors[0] as Error).message).toBe('not a stream any more')
    expect(clock.pendingTimers()).toBe(0)
  })

  it('never rejects, and nothing escapes the timer, when onError throws', async () => {
    const stream = stuckStream()
    stream.write('held\n')
    const clock = createManualClock()
    const ending = endStream(stream, clock, 10, () => {
      throw new Error('hook failed')
    })
    expect(() => clock.advance(10)).not.toThrow()
    await expect(ending).resolves.toBeUndefined()
    expect(stream.destroyed).toBe(true)
  })
})
