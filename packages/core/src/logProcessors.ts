/**
 * The log processors of one pipeline: added and removed at any time, each handed every record,
 * and each one's failure reported and contained so the others still run.
 */
import { exportFailure, invalidInput, type TelemetryError } from './errors.ts'
import type { LogProcessor, LogRecord } from './logs.ts'

/**
 * A pipeline's processors, in the order they were added.
 *
 * @example
 * const processors = new LogProcessors(report)
 * const remove = processors.add(exporter)
 * processors.deliver(record)
 */
export class LogProcessors {
  /** The processors, read by the pipeline to skip building records nobody receives. */
  readonly list: LogProcessor[] = []
  private readonly report: (error: TelemetryError) => void

  constructor(report: (error: TelemetryError) => void) {
    this.report = report
  }

  /** Add `processor`; the function returned removes it. Reports and ignores a non-processor. */
  add(processor: LogProcessor): () => void {
    if (!hasOnEmit(processor)) {
      this.report(
        invalidInput('addLogProcessor: not a log processor', {
          api: 'addLogProcessor',
        }),
      )
      return () => {}
    }
    const list = this.list
    list.push(processor)
    return () => {
      const index = list.indexOf(processor)
      if (index !== -1) list.splice(index, 1)
    }
  }

  /** Hand `record` to every processor; one that throws is reported and the rest still run. */
  deliver(record: LogRecord): void {
    for (const processor of this.list) {
      try {
        processor.onEmit(record)
      } catch (error) {
        this.fail('a log processor failed', error)
      }
    }
  }

  /** Call `call` on every processor at once; settles when all have, reporting each rejection. */
  async settleAll(call: (processor: LogProcessor) => Promise<void>): Promise<void> {
    await Promise.all(
      this.list.map(async (processor) => {
        try {
          await call(processor)
        } catch (error) {
          this.fail('a log processor failed to flush', error)
        }
      }),
    )
  }

  private fail(message: string, error: unknown): void {
    this.report(exportFailure(message, { exporter: 'logs', error }))
  }
}

/** Whether `processor` has an `onEmit` method; a processor whose properties throw has not. */
function hasOnEmit(processor: unknown): processor is LogProcessor {
  try {
    return typeof (processor as LogProcessor | undefined)?.onEmit === 'function'
  } catch {
    return false
  }
}
