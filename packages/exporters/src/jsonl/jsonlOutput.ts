/**
 * Where JSON lines go and what happens on the way: the output (a size-rotated file, a stream, or
 * stdout), lines too long or arriving after shutdown dropped and counted, write failures counted
 * and reported once per outage (a successful write ends it), so a broken stdout cannot flood the
 * error hook.
 */
import type { Writable } from 'node:stream'
import type { Clock } from '@foundation-telemetry/core'
import type { DropReporter } from '../shared/dropReporter.ts'
import type { ExporterHealth, ExporterSignal } from '../shared/exporterHealth.ts'
import { type ExporterTelemetry, reportExportFailure } from '../shared/exporterTelemetry.ts'
import { createLineSink, type LineSink } from '../shared/lineSink.ts'
import { lineSinkReporting } from '../shared/lineSinkReporting.ts'
import { safeStringify } from './jsonRecord.ts'
import { createRotatingFileSink } from './rotatingFileSink.ts'

/** Options for {@link createJsonlOutput}. */
export interface JsonlOutputOptions {
  /** Output file (appended to, rotated by size); else `stream`, else stdout. */
  path?: string | undefined
  stream?: Writable | undefined
  /** Rotate before the file exceeds this many bytes; `0` never rotates. */
  maxBytes: number
  /** Files kept when rotating, the active one included. */
  maxFiles: number
  /** Bytes queued while the output is backed up. Defaults to the line sink's 1 MiB. */
  maxBufferBytes?: number | undefined
  /** Lines longer than this (in UTF-8 bytes) are dropped and counted. */
  maxLineBytes: number
  clock: Clock
  telemetry: Pick<ExporterTelemetry, 'reportError'>
  health: ExporterHealth
  drops: DropReporter
  /** The `exporter` detail of reports. */
  exporter: string
}

/** The JSONL output. No method throws. */
export interface JsonlOutput {
  /** Write `record` as one line, or count it dropped (`oversized`, `shutdown`). */
  write(record: Record<string, unknown>, signal: ExporterSignal): void
  /** Resolves once every line written so far is in the output. */
  flush(): Promise<void>
  /** Refuse further lines, flush, close a file we opened. */
  close(): Promise<void>
}

/**
 * Create the output of one JSONL exporter.
 *
 * @example
 * const output = createJsonlOutput({ path: './telemetry.jsonl', maxBytes: 10 << 20, maxFiles: 5,
 *   maxLineBytes: 1 << 20, clock, telemetry, health, drops, exporter: 'jsonl' })
 * output.write({ type: 'event', name: 'checkout.done' }, 'events')
 */
export function createJsonlOutput(options: JsonlOutputOptions): JsonlOutput {
  const { telemetry, health, drops, exporter, maxLineBytes } = options
  const sinkOptions = {
    ...(options.maxBufferBytes !== undefined ? { maxBufferBytes: options.maxBufferBytes } : {}),
    ...lineSinkReporting({
      health,
      clock: options.clock,
      dropped: (lines, reason) => drops.dropped(lines, 'lines', reason),
      failed: (error) => reportExportFailure(telemetry, 'JSONL output failed', { exporter, error }),
    }),
  }
  const sink: LineSink = options.path
    ? createRotatingFileSink({
        ...sinkOptions,
        path: options.path,
        maxBytes: options.maxBytes,
        maxFiles: options.maxFiles,
      })
    : createLineSink({ ...sinkOptions, stream: options.stream ?? process.stdout })
  let closed = false

  return {
    write(record, signal) {
      if (closed) return drops.dropped(1, signal, 'shutdown')
      const line = safeStringify(record)
      // A UTF-16 unit is 1 to 3 UTF-8 bytes: measure bytes only when the length cannot decide.
      if (
        line.length > maxLineBytes ||
        (line.length * 3 > maxLineBytes && Buffer.byteLength(line, 'utf8') > maxLineBytes)
      )
        return drops.dropped(1, signal, 'oversized')
      sink.write(line)
    },
    flush: () => sink.flush(),
    close() {
      closed = true
      return sink.close()
    },
  }
}
