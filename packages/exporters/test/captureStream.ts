import { Writable } from 'node:stream'

/** What {@link captureStream} returns. */
export interface CapturedStream {
  readonly stream: Writable
  /** Every non-empty line written so far. */
  lines(): string[]
  /** Every non-empty line written so far, parsed as JSON. */
  // biome-ignore lint/suspicious/noExplicitAny: records are navigated freely in assertions
  records(): Array<Record<string, any>>
  /** Hold write callbacks from now on, so the stream reports backpressure. */
  hold(): void
  /** Complete every held write and stop holding. */
  release(): void
}

/** A stream that records lines; when held, it reports backpressure and only drains on release. */
export function captureStream(highWaterMark = 1 << 20): CapturedStream {
  const chunks: string[] = []
  const pending: Array<() => void> = []
  let held = false
  const stream = new Writable({
    highWaterMark,
    write(chunk, _encoding, callback) {
      chunks.push(chunk.toString())
      if (held) pending.push(callback)
      else callback()
    },
  })
  const lines = () =>
    chunks
      .join('')
      .split('\n')
      .filter((line) => line !== '')
  return {
    stream,
    lines,
    records: () => lines().map((line) => JSON.parse(line)),
    hold: () => {
      held = true
    },
    release: () => {
      held = false
      for (const callback of pending.splice(0)) callback()
    },
  }
}
