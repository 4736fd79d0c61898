/**
 * Ending a stream a line sink owns (a file it opened) waits for what the stream still holds to be
 * written. A stream that never finishes (a stalled disk) must not hold `close()` forever, so the
 * wait is bounded, and past it the stream is destroyed to release its descriptor.
 */
import type { Writable } from 'node:stream'
import type { Clock } from '@foundation-telemetry/core'

/** An `Error` named `TimeoutError`: how the line sink reports a stream that did not drain or end in time. */
export function timeoutError(message: string): Error {
  const error = new Error(message)
  error.name = 'TimeoutError'
  return error
}

/**
 * End `stream` and resolve once it has finished, or after `timeout` ms on `clock`: then the stall
 * goes to `onError` as a `TimeoutError` and the stream is destroyed. A throwing `end()` goes to
 * `onError` too. Never rejects; a throwing `onError` is swallowed (it may run from a timer).
 */
export function endStream(
  stream: Writable,
  clock: Clock,
  timeout: number,
  onError: (error: unknown) => void,
): Promise<void> {
  const report = (error: Error) => {
    try {
      onError(error)
    } catch {
      // Runs from a timer: a throwing callback must not become an uncaught exception.
    }
  }
  return new Promise<void>((resolve) => {
    let done = false
    const finish = () => {
      if (done) return
      done = true
      clock.clearTimeout(timer)
      resolve()
    }
    const timer = clock.setTimeout(() => {
      if (done) return
      report(timeoutError(`output stream did not end within ${timeout} ms`))
      try {
        // What it still holds cannot be delivered; release the descriptor.
        stream.destroy()
      } catch {
        // Already destroyed.
      }
      finish()
    }, timeout)
    timer.unref?.()
    try {
      stream.end(finish)
    } catch (error) {
      report(error instanceof Error ? error : new Error(String(error)))
      finish()
    }
  })
}
