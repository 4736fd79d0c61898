import { Writable } from 'node:stream'
import { createManualClock } from '@foundation-telemetry/core'
import { flushMicrotasks } from '@foundation-telemetry/testing'
import { describe, expect, it } from 'vitest'
import { captureStream } from '../../test/captureStream.ts'
import { createLineSink } from './lineSink.ts'

describe('line sink', () => {
  it('bounds the backlog in UTF-8 bytes, not characters', async () => {
    const out = captureStream(1)
    out.hold()
    let dropped = 0
    const sink = createLineSink({
      stream: out.stream,
      maxBufferBytes: 1000,
      onDrop: (lines) => {
        dropped += lines
      },
      onWritten: () => {},
      onError: () => {},
    })
    // The first write fills the stream's buffer; the rest queue. Each line is 101 characters and
    // 301 bytes with its newline, so at most three fit in 1000 bytes.
    const line = '€'.repeat(100)
    for (let i = 0; i < 10; i++) sink.write(line)
    expect(dropped).toBe(10 - 1 - 3)
    const flushed = sink.flush()
    out.release()
    await flushed
    expect(out.lines()).toHaveLength(4)
  })
})

/** A stream whose writes never complete: `write()` returns false and 'drain' never comes. */
function stuckStream(): Writable {
  return new Writable({ highWaterMark: 1, write() {} })
}

/** A sink on a manual clock that records what it reports through onError and onDrop. */
function clockedSink(stream: Writable, options: { flushTimeout: number; ownsStream?: boolean }) {
  const clock = createManualClock()
  const errors: unknown[] = []
  const drops: Array<[number, string]> = []
  const sink = createLineSink({
    stream,
    clock,
    ...options,
    onDrop: (lines, reason) => drops.push([lines, reason]),
    onWritten: () => {},
    onError: (error) => errors.push(error),
  })
  return { sink, clock, errors, drops }
}

/** Follows `promise`: `settled()` says whether it has settled yet. */
function watch(promise: Promise<unknown>): { promise: Promise<unknown>; settled: () => boolean } {
  let settled = false
  const watched = promise.finally(() => {
    settled = true
  })
  return { promise: watched, settled: () => settled }
}

describe('line sink on a stream that never drains', () => {
  it('flush() resolves after flushTimeout on the clock and reports the stall through onError', async () => {
    const { sink, clock, errors } = clockedSink(stuckStream(), { flushTimeout: 5000 })
    sink.write('first')
    sink.write('queued')
    const flushing = watch(sink.flush())
    clock.advance(4999)
    await flushMicrotasks()
    expect(flushing.settled()).toBe(false)
    expect(errors).toEqual([])
    clock.advance(1)
    await flushMicrotasks()
    expect(flushing.settled()).toBe(true)
    await flushing.promise
    expect(errors).toHaveLength(1)
    expect((errors[0] as Error).message).toBe('output stream did not drain within 5000 ms (1 line queued)')
    expect(clock.pendingTimers()).toBe(0)
    // Still stuck: the next flush waits its own bounded time again.
    const again = sink.flush()
    clock.advance(5000)
    await again
    expect(errors).toHaveLength(2)
  })

  it('a flush that drains in time cancels its timer and reports nothing', async () => {
    const out = captureStream(1)
    out.hold()
    const { sink, clock, errors } = clockedSink(out.stream, { flushTimeout: 5000 })
    sink.write('a')
    sink.write('b')
    const flushed = sink.flush()
    expect(clock.pendingTimers()).toBe(1)
    out.release()
    await flushed
    expect(clock.pendingTimers()).toBe(0)
    expect(errors).toEqual([])
    expect(out.lines()).toEqual(['a', 'b'])
  })

  it('close() is bounded too: queued lines are dropped and counted, an owned stream is destroyed', async () => {
    const stream = stuckStream()
    const { sink, clock, errors, drops } = clockedSink(stream, { flushTimeout: 1000, ownsStream: true })
    sink.write('handed over')
    sink.write('queued 1')
    sink.write('queued 2')
    const closing = watch(sink.close())
    clock.advance(1000)
    await flushMicrotasks()
    expect(drops).toEqual([[2, 'shutdown']])
    // Ending the stream waits for the write it holds, which never completes: bounded as well.
    expect(closing.settled()).toBe(false)
    clock.advance(1000)
    await flushMicrotasks()
    expect(closing.settled()).toBe(true)
    await closing.promise
    expect(errors.map((error) => (error as Error).message)).toEqual([
      'output stream did not drain within 1000 ms (2 lines queued)',
      'output stream did not end within 1000 ms',
    ])
    expect(stream.destroyed).toBe(true)
    expect(clock.pendingTimers()).toBe(0)
    expect(sink.write('late')).toBe(false)
  })
})

describe('line sink on a stream it shares', () => {
  it('leaves no listener behind on a stream it does not own once closed', async () => {
    const out = captureStream(1)
    const before = { drain: out.stream.listenerCount('drain'), error: out.stream.listenerCount('error') }
    const sinks = Array.from({ length: 12 }, () =>
      createLineSink({ stream: out.stream, onDrop: () => {}, onWritten: () => {}, onError: () => {} }),
    )
    expect(out.stream.listenerCount('error')).toBe(before.error + 12)
    await Promise.all(sinks.map((sink) => sink.close()))
    expect(out.stream.listenerCount('drain')).toBe(before.drain)
    expect(out.stream.listenerCount('error')).toBe(before.error)
  })
})
