/**
 * Newline-delimited output to a Node `Writable` that respects backpressure: while the stream
 * asks us to wait, lines queue in a bounded buffer; beyond it they are dropped and counted.
 * Waiting for the stream is bounded too: a stream that never drains (a stalled pipe or disk)
 * cannot hold `flush()` or `close()` forever.
 */
import type { Writable } from 'node:stream'
import type { Clock, ClockTimer } from '@foundation-telemetry/core'
import { systemClock } from '@foundation-telemetry/core'

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

/** Create a {@link LineSink}. */
export function createLineSink(options: LineSinkOptions): LineSink {
  const { stream, onDrop, onWritten, onError, onDepth } = options
  const maxBuffer = options.maxBufferBytes ?? 1_048_576
  const clock = options.clock ?? systemClock
  const flushTimeout = options.flushTimeout ?? 30_000
  let flushTimer: ClockTimer | undefined
  const queue: string[] = []
  let queuedBytes = 0
  let waiting = false
  let closed = false
  let failed = false
  let idle: Array<() => void> = []
  let closePromise: Promise<void> | undefined

  const report = (error: Error) => {
    try {
      onError(error)
    } catch {
      // Runs from a timer: a throwing callback must not become an uncaught exception.
    }
  }

  const wakeAll = () => {
    const waiters = idle
    idle = []
    for (const waiter of waiters) waiter()
  }

  const settle = () => {
    if (waiting || queue.length > 0) return
    if (flushTimer !== undefined) {
      clock.clearTimeout(flushTimer)
      flushTimer = undefined
    }
    wakeAll()
  }

  const flushTimedOut = () => {
    flushTimer = undefined
    const lines = queue.length
    report(
      timeoutError(
        `output stream did not drain within ${flushTimeout} ms (${lines} line${lines === 1 ? '' : 's'} queued)`,
      ),
    )
    wakeAll()
  }

  const writeOut = (chunk: string, lines: number): void => {
    try {
      waiting = !stream.write(chunk)
      onWritten(lines)
    } catch (error) {
      failed = true
      onError(error)
    }
  }

  const pump = () => {
    waiting = false
    while (!waiting && queue.length > 0 && !failed) {
      // Hand the backlog over in one chunk rather than one write per line.
      const lines = queue.length
      const chunk = queue.join('')
      queue.length = 0
      queuedBytes = 0
      writeOut(chunk, lines)
    }
    onDepth?.(queue.length)
    settle()
  }

  /** End an owned stream, waiting at most `flushTimeout` for what it holds to be written. */
  const endStream = () =>
    new Promise<void>((resolve) => {
      let done = false
      const finish = () => {
        if (done) return
        done = true
        clock.clearTimeout(timer)
        resolve()
      }
      const timer = clock.setTimeout(() => {
        if (done) return
        report(timeoutError(`output stream did not end within ${flushTimeout} ms`))
        try {
          // What it still holds cannot be delivered; release the descriptor.
          stream.destroy()
        } catch {
          // Already destroyed.
        }
        finish()
      }, flushTimeout)
      timer.unref?.()
      try {
        stream.end(finish)
      } catch (error) {
        report(error instanceof Error ? error : new Error(String(error)))
        finish()
      }
    })

  const failOut = (error: unknown) => {
    failed = true
    onError(error)
    waiting = false
    if (queue.length > 0) onDrop(queue.length, 'shutdown')
    queue.length = 0
    queuedBytes = 0
    settle()
  }
  stream.on('drain', pump)
  stream.on('error', failOut)

  return {
    write(line) {
      if (closed || failed) {
        onDrop(1, 'shutdown')
        return false
      }
      const text = `${line}\n`
      if (!waiting) {
        writeOut(text, 1)
        return true
      }
      const bytes = Buffer.byteLength(text, 'utf8')
      if (queuedBytes + bytes > maxBuffer) {
        onDrop(1, 'queue_full')
        return false
      }
      queue.push(text)
      queuedBytes += bytes
      onDepth?.(queue.length)
      return true
    },
    flush() {
      if (!waiting && queue.length === 0) return Promise.resolve()
      return new Promise((resolve) => {
        idle.push(resolve)
        // One timer for every flush waiting at once: the first deadline releases them all.
        if (flushTimer === undefined) {
          flushTimer = clock.setTimeout(flushTimedOut, flushTimeout)
          flushTimer.unref?.()
        }
      })
    },
    close() {
      closePromise ??= (async () => {
        await this.flush()
        closed = true
        stream.off('drain', pump)
        // A shared stream (stdout) outlives the sink: leave it as found. An owned stream keeps the
        // listener, so an error it emits while ending is still reported rather than thrown.
        if (!options.ownsStream) stream.off('error', failOut)
        if (queue.length > 0) {
          const lines = queue.length
          queue.length = 0
          queuedBytes = 0
          onDepth?.(0)
          onDrop(lines, 'shutdown')
        }
        if (!options.ownsStream || failed) return
        await endStream()
      })()
      return closePromise
    },
  }
}

function timeoutError(message: string): Error {
  const error = new Error(message)
  error.name = 'TimeoutError'
  return error
}
