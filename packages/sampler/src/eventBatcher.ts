import type { Clock, ClockTimer, Measurements, Metadata, Telemetry } from '@foundation-telemetry/core'
import { readEmitterOptions, reportOptions } from './readOptions.ts'

/** Options of {@link createEventBatcher}. */
export interface EventBatcherOptions {
  telemetry: Telemetry
  /** The summary event's name. */
  event: string
  /** Emit when this many events are held. Defaults to 100. */
  maxSize?: number
  /** Emit this long after the first held event, ms. Defaults to 1000. */
  maxWaitMs?: number
  /** Defaults to the telemetry instance's clock. */
  clock?: Clock
  /** Metadata of every summary event (the batch's own metadata is not kept). */
  metadata?: Metadata
}

/** Aggregates many events into one summary event. */
export interface EventBatcher {
  /** Add one event's measurements. */
  add(measurements?: Measurements): void
  /** Emit the summary now (nothing when empty). */
  flush(): void
  /** Flush and stop the timer. */
  close(): void
}

const BATCHER_OPTION_KEYS = ['telemetry', 'event', 'maxSize', 'maxWaitMs', 'clock', 'metadata'] as const

/**
 * A batcher: events added are aggregated (per numeric measurement: sum, min, max) and emitted as
 * one summary event when `maxSize` are held or `maxWaitMs` after the first. The summary's
 * measurements are `count` and `<key>_sum`, `<key>_min`, `<key>_max` per key, so totals stay exact
 * while the event rate drops by the batch size.
 *
 * @example
 * const batch = createEventBatcher({ telemetry: t, event: 'my_app.cache.hits', maxSize: 500 })
 * batch.add({ bytes: 120 })
 */
export function createEventBatcher(options: EventBatcherOptions): EventBatcher {
  const read = readEmitterOptions<EventBatcherOptions>(options, BATCHER_OPTION_KEYS)
  if (read === undefined) return INERT_BATCHER
  const { options: o, telemetry: t, clock, problems } = read
  if (typeof o.event !== 'string' || o.event === '') problems.push('event')
  if (clock === undefined || problems.includes('event')) {
    reportOptions(t, 'createEventBatcher', problems.length > 0 ? problems : ['clock'], 'nothing is batched')
    return INERT_BATCHER
  }
  reportOptions(t, 'createEventBatcher', problems, 'defaults used')
  const event = o.event as string
  const maxSize = typeof o.maxSize === 'number' && o.maxSize >= 1 ? o.maxSize : 100
  const maxWait = typeof o.maxWaitMs === 'number' && o.maxWaitMs >= 0 ? o.maxWaitMs : 1000
  const metadata = typeof o.metadata === 'object' && o.metadata !== null ? o.metadata : {}
  let count = 0
  let sums = new Map<string, { sum: number; min: number; max: number }>()
  let timer: ClockTimer | undefined

  const flush = () => {
    if (timer !== undefined) clock.clearTimeout(timer)
    timer = undefined
    if (count === 0) return
    const measurements: Measurements = { count }
    for (const [key, s] of sums) {
      measurements[`${key}_sum`] = s.sum
      measurements[`${key}_min`] = s.min
      measurements[`${key}_max`] = s.max
    }
    count = 0
    sums = new Map()
    t.execute(event, measurements, metadata)
  }

  return {
    add(measurements) {
      count++
      if (typeof measurements === 'object' && measurements !== null) {
        for (const key in measurements) {
          const v = measurements[key]
          if (typeof v !== 'number' || !Number.isFinite(v)) continue
          const s = sums.get(key)
          if (s === undefined) sums.set(key, { sum: v, min: v, max: v })
          else {
            s.sum += v
            if (v < s.min) s.min = v
            if (v > s.max) s.max = v
          }
        }
      }
      if (count >= maxSize) flush()
      else if (timer === undefined) {
        timer = clock.setTimeout(flush, maxWait)
        timer.unref?.()
      }
    },
    flush,
    close: flush,
  }
}

const noop = () => {}
/** What a batcher without a usable telemetry instance or event name is: it holds nothing. */
const INERT_BATCHER: EventBatcher = Object.freeze({ add: noop, flush: noop, close: noop })
