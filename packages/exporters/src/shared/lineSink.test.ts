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
