/**
 * A bounded queue that hands items to an exporter in batches: when a batch fills up, or when the
 * scheduled delay passes on the injectable clock. One export runs at a time. Items beyond the
 * queue's capacity are dropped (and reported), never buffered without bound.
 */
import type { Clock, ClockTimer } from '@foundation-telemetry/core'

/** Batching settings, OpenTelemetry's BatchSpanProcessor defaults. */
export interface BatchOptions {
  /** Items held at most; more are dropped. Defaults to 2048. */
  maxQueueSize?: number
  /** Items per export. Defaults to 512. */
  maxExportBatchSize?: number
  /** Delay between exports of a partial batch, in ms. Defaults to 5000 (5 s). */
  scheduledDelay?: number
}

/** What the queue needs from its owner. */
export interface BatchQueueDeps<TItem> {
  clock: Clock
  /** Deliver one batch. Must not reject; failures are the owner's to count. */
  exportBatch: (items: TItem[]) => Promise<void>
  /** Called when items are dropped because the queue is full or shut down. */
  onDrop: (count: number, reason: 'queue_full' | 'shutdown') => void
  /** Called when the queue depth changes. */
  onDepth?: (depth: number) => void
}

/** A bounded batching queue. */
export interface BatchQueue<TItem> {
  /** Accept `item` for export; false when it was dropped. Never throws. */
  add(item: TItem): boolean
  /** Export everything accepted so far; resolves when it has all been handed to `exportBatch`. */
  flush(): Promise<void>
  /** Refuse new items, then export everything accepted. Idempotent. */
  shutdown(): Promise<void>
  /** Items waiting. */
  size(): number
}

/** Create a {@link BatchQueue}. */
export function createBatchQueue<TItem>(
  options: BatchOptions,
  deps: BatchQueueDeps<TItem>,
): BatchQueue<TItem> {
  const maxQueueSize = Math.max(1, Math.floor(options.maxQueueSize ?? 2048))
  const maxBatch = Math.max(1, Math.min(maxQueueSize, Math.floor(options.maxExportBatchSize ?? 512)))
  const delay = Math.max(0, options.scheduledDelay ?? 5000)
  const { clock, exportBatch, onDrop, onDepth } = deps

  let queue: TItem[] = []
  let timer: ClockTimer | undefined
  let chain: Promise<void> = Promise.resolve()
  let sizeTriggered = false
  let closed = false
  let shutdownPromise: Promise<void> | undefined

  const exportNext = async (): Promise<void> => {
    sizeTriggered = false
    if (queue.length === 0) return
    const batch = queue.length <= maxBatch ? queue : queue.slice(0, maxBatch)
    queue = batch === queue ? [] : queue.slice(maxBatch)
    onDepth?.(queue.length)
    try {
      await exportBatch(batch)
    } catch {
      // exportBatch must not reject; if it does, the owner already lost the batch.
    }
    schedule()
  }

  const enqueueExport = (): Promise<void> => {
    chain = chain.then(exportNext)
    return chain
  }

  const schedule = () => {
    if (closed || queue.length === 0) return
    if (queue.length >= maxBatch) {
      if (!sizeTriggered) {
        sizeTriggered = true
        cancelTimer()
        void enqueueExport()
      }
      return
    }
    if (timer !== undefined) return
    timer = clock.setTimeout(() => {
      timer = undefined
      void enqueueExport()
    }, delay)
    timer.unref?.()
  }

  const cancelTimer = () => {
    if (timer === undefined) return
    clock.clearTimeout(timer)
    timer = undefined
  }

  const drain = async (): Promise<void> => {
    cancelTimer()
    await enqueueExport()
    while (queue.length > 0) await enqueueExport()
  }

  return {
    add(item) {
      if (closed) {
        onDrop(1, 'shutdown')
        return false
      }
      if (queue.length >= maxQueueSize) {
        onDrop(1, 'queue_full')
        return false
      }
      queue.push(item)
      onDepth?.(queue.length)
      schedule()
      return true
    },
    flush: () => drain(),
    shutdown() {
      if (!shutdownPromise) {
        const accepted = drain()
        closed = true
        shutdownPromise = accepted.then(cancelTimer)
      }
      return shutdownPromise
    },
    size: () => queue.length,
  }
}
