/**
 * The stream side of a line sink, a small state machine. Open: lines go straight to the stream.
 * Waiting (the stream's `write()` returned false): lines queue in a {@link LineBacklog}, beyond
 * it they are dropped and counted, and 'drain' hands the backlog over in one chunk. Failed (the
 * stream errored or a write threw): nothing is written any more and the backlog is dropped.
 */
import type { Writable } from 'node:stream'
import type { LineBacklog } from './lineBacklog.ts'

/** What a {@link BackpressuredWriter} reports. Callbacks may run from stream events. */
export interface BackpressuredWriterEvents {
  onDrop: (lines: number, reason: 'queue_full' | 'shutdown') => void
  onWritten: (lines: number) => void
  onError: (error: unknown) => void
  onDepth?: ((lines: number) => void) | undefined
  /** The stream has taken every queued line and is not asking to wait, or it has failed. */
  onIdle: () => void
}

/** Writes newline-terminated text to a stream, queueing while it asks to wait; see the module comment. */
export class BackpressuredWriter {
  /** The stream asked to wait and has not emitted 'drain' since. */
  waiting = false
  /** The stream errored or a write threw: final. */
  failed = false
  private readonly stream: Writable
  private readonly backlog: LineBacklog
  private readonly events: BackpressuredWriterEvents

  /** Starts listening for the stream's 'drain' and 'error' until {@link BackpressuredWriter.detach}. */
  constructor(stream: Writable, backlog: LineBacklog, events: BackpressuredWriterEvents) {
    this.stream = stream
    this.backlog = backlog
    this.events = events
    stream.on('drain', this.drain)
    stream.on('error', this.fail)
  }

  /** Nothing queued and the stream not asking to wait. */
  get idle(): boolean {
    return !this.waiting && this.backlog.length === 0
  }

  /** Lines queued. */
  get queued(): number {
    return this.backlog.length
  }

  /** Write `text` now, or queue it while the stream asks to wait; false (and `queue_full`) when the backlog is full. */
  write(text: string): boolean {
    if (!this.waiting) {
      this.send(text, 1)
      return true
    }
    if (!this.backlog.push(text)) {
      this.events.onDrop(1, 'queue_full')
      return false
    }
    this.events.onDepth?.(this.backlog.length)
    return true
  }

  /** The 'drain' listener: hand the backlog over while the stream accepts it. */
  readonly drain = (): void => {
    this.waiting = false
    while (!this.waiting && this.backlog.length > 0 && !this.failed) {
      // Hand the backlog over in one chunk rather than one write per line.
      const lines = this.backlog.length
      this.send(this.backlog.take(), lines)
    }
    this.events.onDepth?.(this.backlog.length)
    this.settle()
  }

  /** The 'error' listener: fail for good, dropping the backlog (`shutdown`). */
  readonly fail = (error: unknown): void => {
    this.failed = true
    this.events.onError(error)
    this.waiting = false
    if (this.backlog.length > 0) this.events.onDrop(this.backlog.length, 'shutdown')
    this.backlog.clear()
    this.settle()
  }

  /** Drop what is queued (`shutdown`), reporting the depth back to 0. */
  dropQueued(): void {
    const lines = this.backlog.clear()
    if (lines === 0) return
    this.events.onDepth?.(0)
    this.events.onDrop(lines, 'shutdown')
  }

  /**
   * Stop listening for 'drain', and for 'error' unless `keepErrorListener`: a stream the sink owns
   * keeps it, so an error it emits while ending is reported rather than thrown; a shared stream
   * (stdout) outlives the sink and is left as it was found.
   */
  detach(keepErrorListener: boolean): void {
    this.stream.off('drain', this.drain)
    if (!keepErrorListener) this.stream.off('error', this.fail)
  }

  private send(chunk: string, lines: number): void {
    try {
      this.waiting = !this.stream.write(chunk)
      this.events.onWritten(lines)
    } catch (error) {
      this.failed = true
      this.events.onError(error)
    }
  }

  private settle(): void {
    if (this.idle) this.events.onIdle()
  }
}
