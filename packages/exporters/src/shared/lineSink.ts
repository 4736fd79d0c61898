/**
 * Newline-delimited output to a Node `Writable` that respects backpressure: while the stream
 * asks us to wait, lines queue in a bounded buffer; beyond it they are dropped and counted.
 */
import type { Writable } from 'node:stream'

/** Options for {@link createLineSink}. */
export interface LineSinkOptions {
  stream: Writable
  /** Bytes queued at most while the stream is backed up. Defaults to 1 MiB. */
  maxBufferBytes?: number
  /** End the stream on `close()` (true for files we opened). Defaults to `false`. */
  ownsStream?: boolean
  onDrop: (lines: number, reason: 'queue_full' | 'shutdown') => void
  onWritten: (lines: number) => void
  onError: (error: unknown) => void
  onDepth?: (lines: number) => void
}

/** Where lines go. No method throws. */
export interface LineSink {
  /** Write one line (without its newline); false when it was dropped. */
  write(line: string): boolean
  /** Resolves once every queued line has been handed to the stream and the stream has drained. */
  flush(): Promise<void>
  /** Flush, then end the stream if we own it. Later writes are dropped. Idempotent. */
  close(): Promise<void>
}

/** Create a {@link LineSink}. */
export function createLineSink(options: LineSinkOptions): LineSink {
  const { stream, onDrop, onWritten, onError, onDepth } = options
  const maxBuffer = options.maxBufferBytes ?? 1_048_576
  const queue: string[] = []
  let queuedBytes = 0
  let waiting = false
  let closed = false
  let failed = false
  let idle: Array<() => void> = []
  let closePromise: Promise<void> | undefined

  const settle = () => {
    if (waiting || queue.length > 0) return
    const waiters = idle
    idle = []
    for (const waiter of waiters) waiter()
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

  stream.on('drain', pump)
  stream.on('error', (error) => {
    failed = true
    onError(error)
    waiting = false
    if (queue.length > 0) onDrop(queue.length, 'shutdown')
    queue.length = 0
    queuedBytes = 0
    settle()
  })

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
      return new Promise((resolve) => idle.push(resolve))
    },
    close() {
      closePromise ??= (async () => {
        await this.flush()
        closed = true
        stream.off('drain', pump)
        if (!options.ownsStream || failed) return
        await new Promise<void>((resolve) => {
          stream.end(() => resolve())
        })
      })()
      return closePromise
    },
  }
}
