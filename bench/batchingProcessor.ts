/**
 * A batching span processor for our side of `span.start_end.batched`, used only while neither core
 * nor the exporters export one: the same policy as OpenTelemetry's BatchSpanProcessor (bounded queue
 * of 2048, batches of 512, spans past a full queue dropped and counted), handing each batch to an
 * exporter that only counts. It keeps the comparison about span start/end, not about export.
 */
import type { ReadableSpan, Span, SpanContext, SpanProcessor, Telemetry } from '@foundation-telemetry/core'
import { type ErrorLog, ourTelemetry } from './ours.ts'

/** A {@link SpanProcessor} that also tells the bench how many spans it took in and dropped. */
export interface CountingBatchProcessor extends SpanProcessor {
  /** Spans handed to the (counting) exporter so far. */
  readonly exported: number
  /** Spans dropped because the queue was full. */
  readonly dropped: number
}

/** Options for {@link createBatchingProcessor}. */
export interface BatchingProcessorOptions {
  /** Spans queued before new ones are dropped. Defaults to 2048. */
  maxQueueSize?: number
  /** Spans per export. Defaults to 512. */
  maxExportBatchSize?: number
}

/**
 * Creates the bench-local batching processor.
 *
 * @example
 * const processor = createBatchingProcessor()
 * telemetry.addSpanProcessor(processor)
 */
export function createBatchingProcessor(options: BatchingProcessorOptions = {}): CountingBatchProcessor {
  const maxQueueSize = options.maxQueueSize ?? 2048
  const batchSize = options.maxExportBatchSize ?? 512
  let queue: ReadableSpan[] = []
  let exported = 0
  let dropped = 0
  let scheduled = false

  const exportOne = () => {
    const batch = queue.length <= batchSize ? queue : queue.slice(0, batchSize)
    queue = queue.length <= batchSize ? [] : queue.slice(batchSize)
    exported += batch.length
  }
  // Like OTel, the export of a full batch happens off the caller's stack.
  const drain = () => {
    scheduled = false
    while (queue.length >= batchSize) exportOne()
  }

  return {
    get exported() {
      return exported
    },
    get dropped() {
      return dropped
    },
    onStart(_span: Span, _parent: SpanContext | undefined) {},
    onEnd(span: ReadableSpan) {
      if (queue.length >= maxQueueSize) {
        dropped++
        return
      }
      queue.push(span)
      if (queue.length >= batchSize && !scheduled) {
        scheduled = true
        queueMicrotask(drain)
      }
    },
    async forceFlush() {
      while (queue.length > 0) exportOne()
    },
    async shutdown() {
      while (queue.length > 0) exportOne()
    },
  }
}

/** Our side's telemetry (see {@link ourTelemetry}) with a fresh {@link createBatchingProcessor} attached. */
export async function ourBatchedTelemetry(): Promise<{
  telemetry: Telemetry
  log: ErrorLog
  processor: CountingBatchProcessor
}> {
  const { telemetry, log } = await ourTelemetry()
  const processor = createBatchingProcessor()
  telemetry.addSpanProcessor(processor)
  return { telemetry, log, processor }
}
