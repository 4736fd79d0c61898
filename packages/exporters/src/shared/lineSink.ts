/**
 * Newline-delimited output to a Node `Writable` that respects backpressure: while the stream
 * asks us to wait, lines queue in a bounded buffer; beyond it they are dropped and counted.
 * Waiting for the stream is bounded too: a stream that never drains (a stalled pipe or disk)
 * cannot hold `flush()` or `close()` forever.
 */
import type { Writable } from 'node:stream'
import type { Clock } from '@foundation-telemetry/core'
import { systemClock } from '@foundation-telemetry/core'
import { BackpressuredWriter } from './backpressuredWriter.ts'
import { endStream, timeoutError } from './endStream.ts'
import { createIdleWaiters } from './idleWaiters.ts'
import { LineBacklog } from './lineBacklog.ts'

/** Options for {@link createLineSink}. */
export interface LineSinkOptions {
  stream: Writable
  /** Bytes queued at most while the stream is backed up. Defaults to 1 MiB. */
  maxBufferBytes?: number
  /** End the stream on `close()` (true for files we opened). Defaults to `false`. */
  ownsStream?: boolean
  onDrop: (lines: number, reason: 'queue_full' | 'shutdown') => void
  onWritten: (lines: number) => void
  /** Called on a stream error, and when `flush()` or `close()` gave up waiting (`flushTimeout`). */
  onError: (error: unknown) => void
  onDepth?: (lines: number) => void
  /** Runs the `flushTimeout` timers. Defaults to the system clock. */
  clock?: Clock
  /**
   * How long `flush()` waits for a backed-up stream to drain, in ms; after it, `flush()` resolves
   * and the stall goes to `onError` (the lines stay queued). `close()` waits as long again for the
   * stream to end. Defaults to 30 000 (30 s).
   */
  flushTimeout?: number
}

/** Where lines go. No method throws. */
export interface LineSink {
  /** Write one line (without its newline); false when it was dropped. */
  write(line: string): boolean
  /**
   * Resolves once every queued line has been handed to the stream and the stream has drained,
   * or after `flushTimeout` (reported through `onError`). Never rejects.
   */
  flush(): Promise<void>
  /**
   * Flush, then end the stream if we own it. Lines still queued when the flush times out are
   * dropped (`shutdown`); an owned stream that does not end within `flushTimeout` is destroyed.
   * Later writes are dropped. Idempotent, never rejects.
   */
  close(): Promise<void>
}

/**
 * Create a {@link LineSink}: a {@link BackpressuredWriter} on the stream with a {@link LineBacklog}
 * of `maxBufferBytes`, {@link createIdleWaiters} bounding `flush()`, and {@link endStream}
 * bounding the end of an owned stream at `close()`.
 */
export function createLineSink(options: LineSinkOptions): LineSink {
  const { stream, onDrop, onError } = options
  const clock = options.clock ?? systemClock
  const flushTimeout = options.flushTimeout ?? 30_000
  const idle = createIdleWaiters(clock, flushTimeout, () => {
    const lines = writer.queued
    onError(
      timeoutError(
        `output stream did not drain within ${flushTimeout} ms (${lines} line${lines === 1 ? '' : 's'} queued)`,
      ),
    )
  })
  const backlog = new LineBacklog(options.maxBufferBytes ?? 1_048_576)
  const writer = new BackpressuredWriter(stream, backlog, { ...options, onIdle: idle.release })
  let closed = false
  let closePromise: Promise<void> | undefined

  return {
    write(line) {
      if (closed || writer.failed) {
        onDrop(1, 'shutdown')
        return false
      }
      return writer.write(`${line}\n`)
    },
    flush() {
      return writer.idle ? Promise.resolve() : idle.wait()
    },
    close() {
      closePromise ??= (async () => {
        await this.flush()
        closed = true
        // A shared stream (stdout) outlives the sink and is left as found, error listener included.
        writer.detach(options.ownsStream === true)
        writer.dropQueued()
        if (!options.ownsStream || writer.failed) return
        await endStream(stream, clock, flushTimeout, onError)
      })()
      return closePromise
    },
  }
}
