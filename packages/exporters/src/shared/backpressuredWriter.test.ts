import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { captureStream } from '../../test/captureStream.ts'
import { BackpressuredWriter } from './backpressuredWriter.ts'
import { LineBacklog } from './lineBacklog.ts'

/** A writer on `stream` that records every callback in order; `idled` settles at its first onIdle. */
function recordingWriter(stream: Writable, maxBytes = 1000) {
  const calls: string[] = []
  let idled: () => void = () => {}
  const firstIdle = new Promise<void>((resolve) => {
    idled = resolve
  })
  const writer = new BackpressuredWriter(stream, new LineBacklog(maxBytes), {
    onDrop: (lines, reason) => calls.push(`drop ${lines} ${reason}`),
    onWritten: (lines) => calls.push(`written ${lines}`),
    onError: (error) => calls.push(`error ${(error as Error).message}`),
    onDepth: (lines) => calls.push(`depth ${lines}`),
    onIdle: () => {
      calls.push('idle')
      idled()
    },
  })
  return { writer, calls, idled: firstIdle }
}

/** A writer whose stream has taken one line ('held\n') and asks it to wait. */
function backedUpWriter(maxBytes?: number) {
  const out = captureStream(1)
  out.hold()
  const recording = recordingWriter(out.stream, maxBytes)
  recording.writer.write('held\n')
  return { out, ...recording }
}

describe('backpressured writer', () => {
  it('writes straight through while the stream accepts, queueing nothing', () => {
    const out = captureStream()
    const { writer, calls } = recordingWriter(out.stream)
    expect(writer.write('a\n')).toBe(true)
    expect(writer.write('b\n')).toBe(true)
    expect(out.lines()).toEqual(['a', 'b'])
    expect(calls).toEqual(['written 1', 'written 1'])
    expect(writer.idle).toBe(true)
  })

  it('queues once the stream asks to wait, and on drain hands the backlog over in one chunk', async () => {
    const { out, writer, calls, idled } = backedUpWriter()
    expect(writer.waiting).toBe(true)
    writer.write('second\n')
    writer.write('third\n')
    expect(writer.queued).toBe(2)
    expect(writer.idle).toBe(false)
    const chunks: string[] = []
    const write = out.stream.write.bind(out.stream)
    out.stream.write = ((chunk: string) => {
      chunks.push(chunk)
      return write(chunk)
    }) as Writable['write']
    out.release()
    await idled
    expect(chunks).toEqual(['second\nthird\n'])
    expect(calls).toEqual(['written 1', 'depth 1', 'depth 2', 'written 2', 'depth 0', 'idle'])
    expect(writer.idle).toBe(true)
  })

  it('drops and counts a line that does not fit the backlog (queue_full)', () => {
    const { writer, calls } = backedUpWriter(4)
    expect(writer.write('abc\n')).toBe(true)
    expect(writer.write('d\n')).toBe(false)
    expect(calls.slice(-1)).toEqual(['drop 1 queue_full'])
    expect(writer.queued).toBe(1)
  })

  it('fails for good on a stream error: reports it, drops the backlog as shutdown and goes idle', () => {
    const { out, writer, calls } = backedUpWriter()
    writer.write('queued\n')
    out.stream.emit('error', new Error('disk full'))
    expect(writer.failed).toBe(true)
    expect(writer.idle).toBe(true)
    expect(calls.slice(-3)).toEqual(['error disk full', 'drop 1 shutdown', 'idle'])
  })

  it('fails for good when a write throws, reporting the throw', () => {
    const stream = new Writable({ write: (_chunk, _encoding, callback) => callback() })
    stream.write = () => {
      throw new Error('write after end')
    }
    const { writer, calls } = recordingWriter(stream)
    writer.write('a\n')
    expect(writer.failed).toBe(true)
    expect(calls).toEqual(['error write after end'])
  })

  it('dropQueued() drops what is queued as shutdown and reports the depth back to 0', () => {
    const { writer, calls } = backedUpWriter()
    writer.write('queued 1\n')
    writer.write('queued 2\n')
    calls.length = 0
    writer.dropQueued()
    expect(calls).toEqual(['depth 0', 'drop 2 shutdown'])
    writer.dropQueued()
    expect(calls).toHaveLength(2)
  })

  it('detach() removes its drain listener, and its error listener unless told to keep it', () => {
    const stream = captureStream().stream
    const count = () => [stream.listenerCount('drain'), stream.listenerCount('error')]
    const before = count()
    const shared = recordingWriter(stream).writer
    const owned = recordingWriter(stream).writer
    expect(count()).toEqual([before[0]! + 2, before[1]! + 2])
    shared.detach(false)
    owned.detach(true)
    expect(count()).toEqual([before[0], before[1]! + 1])
  })
})
