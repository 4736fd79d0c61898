/**
 * The lines a line sink holds while its stream asks it to wait: bounded in UTF-8 bytes (what the
 * stream will actually buffer), handed back as one chunk so a backlog costs one write, not one
 * per line.
 */

/** A byte-bounded queue of newline-terminated lines. */
export class LineBacklog {
  private readonly lines: string[] = []
  private bytes = 0
  private readonly maxBytes: number

  /** @param maxBytes UTF-8 bytes held at most; a line that would pass it is refused. */
  constructor(maxBytes: number) {
    this.maxBytes = maxBytes
  }

  /** Lines held. */
  get length(): number {
    return this.lines.length
  }

  /** Queue `text` unless it would take the backlog past `maxBytes`; false when it was refused. */
  push(text: string): boolean {
    const bytes = Buffer.byteLength(text, 'utf8')
    if (this.bytes + bytes > this.maxBytes) return false
    this.lines.push(text)
    this.bytes += bytes
    return true
  }

  /** Every line held, joined into one chunk; the backlog is empty afterwards. */
  take(): string {
    const chunk = this.lines.join('')
    this.clear()
    return chunk
  }

  /** Drop every line held; returns how many there were. */
  clear(): number {
    const lines = this.lines.length
    this.lines.length = 0
    this.bytes = 0
    return lines
  }
}
