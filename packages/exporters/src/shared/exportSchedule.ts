/**
 * The timer every exporter runs its periodic export on, and the idempotent shutdown that stops
 * that timer before the exporter's last flush, so no tick can race the final one.
 */
import type { Clock, ClockTimer } from '@foundation-telemetry/core'
import { keepAliveUntil } from './keepAlive.ts'

/** Options for {@link createExportSchedule}. */
export interface ExportScheduleOptions {
  /** The clock whose interval drives `tick`. */
  clock: Clock
  /** Milliseconds between ticks; `0` or less runs no timer. */
  interval: number
  /** The periodic export; its promise (if any) is not awaited, so it must not reject. */
  tick: () => unknown
  /** The last work of shutdown, after the timer is stopped: final flush, closing outputs. */
  final: () => Promise<void>
}

/** A running periodic export. */
export interface ExportSchedule {
  /**
   * Stop the timer, then run `final` once, keeping the process alive until it settles; every
   * later call returns the first call's promise.
   */
  shutdown(): Promise<void>
}

/**
 * Start the periodic export (the timer is unref'd so it never keeps the process alive).
 *
 * @example
 * const schedule = createExportSchedule({ clock, interval: 10_000, tick: flush, final: flush })
 * // ... on exit
 * await schedule.shutdown()
 */
export function createExportSchedule(options: ExportScheduleOptions): ExportSchedule {
  const { clock, tick, final } = options
  let timer: ClockTimer | undefined
  if (options.interval > 0) {
    timer = clock.setInterval(() => void tick(), options.interval)
    timer.unref?.()
  }
  let shutdownPromise: Promise<void> | undefined
  return {
    shutdown() {
      shutdownPromise ??= keepAliveUntil(
        (async () => {
          if (timer !== undefined) clock.clearInterval(timer)
          await final()
        })(),
      )
      return shutdownPromise
    },
  }
}

/**
 * `run`, made to run one call at a time: a call made while an export is in flight starts after
 * it, so two exports never interleave their batches. `run` must not reject.
 *
 * @example
 * const exportMetrics = serialized(async () => { await post(collect()) })
 */
export function serialized(run: () => Promise<void>): () => Promise<void> {
  let chain: Promise<void> = Promise.resolve()
  return () => {
    chain = chain.then(run)
    return chain
  }
}
