/**
 * A line sink on a file that rotates by size: when the next line would push the file past
 * `maxBytes`, it becomes `<path>.1` (older ones shift to `.2`, ...) and a fresh file starts.
 * At most `maxFiles` files exist, the active one included.
 */
import { createWriteStream, existsSync, openSync, renameSync, statSync, unlinkSync } from 'node:fs'
import { createLineSink, type LineSink, type LineSinkOptions } from '../shared/lineSink.ts'

/** Options for {@link createRotatingFileSink}. */
export interface RotatingFileSinkOptions extends Omit<LineSinkOptions, 'stream' | 'ownsStream'> {
  path: string
  /** Rotate before the file would exceed this many bytes; `0` never rotates. */
  maxBytes: number
  /** Files kept, the active one included. */
  maxFiles: number
}

/** Create a size-rotating file {@link LineSink}. Rotation renames are synchronous metadata operations. */
export function createRotatingFileSink(options: RotatingFileSinkOptions): LineSink {
  const { path, maxBytes, onError } = options
  const maxFiles = Math.max(1, Math.floor(options.maxFiles))
  const closing = new Set<Promise<void>>()
  let size = 0
  try {
    size = existsSync(path) ? statSync(path).size : 0
  } catch {
    size = 0
  }

  const open = (): LineSink => {
    // Opened synchronously so a rotation right after still renames the file this stream writes to.
    let fd: number | undefined
    try {
      fd = openSync(path, 'a')
    } catch (error) {
      onError(error)
    }
    const stream =
      fd === undefined ? createWriteStream(path, { flags: 'a' }) : createWriteStream(path, { fd })
    return createLineSink({ ...options, stream, ownsStream: true })
  }
  let current = open()

  const rotate = () => {
    // The old stream keeps its file descriptor: whatever it still holds lands in the renamed file.
    const previous = current.close()
    closing.add(previous)
    void previous.then(() => closing.delete(previous))
    try {
      if (maxFiles === 1) unlinkSync(path)
      else {
        const oldest = `${path}.${maxFiles - 1}`
        if (existsSync(oldest)) unlinkSync(oldest)
        for (let index = maxFiles - 2; index >= 1; index--) {
          const from = `${path}.${index}`
          if (existsSync(from)) renameSync(from, `${path}.${index + 1}`)
        }
        renameSync(path, `${path}.1`)
      }
    } catch (error) {
      onError(error)
    }
    size = 0
    current = open()
  }

  return {
    write(line) {
      const bytes = Buffer.byteLength(line, 'utf8') + 1
      if (maxBytes > 0 && size > 0 && size + bytes > maxBytes) rotate()
      const accepted = current.write(line)
      if (accepted) size += bytes
      return accepted
    },
    async flush() {
      await Promise.all([current.flush(), ...closing])
    },
    async close() {
      await Promise.all([current.close(), ...closing])
    },
  }
}
