/**
 * `t.forceFlush` and `t.shutdown` of an instance. Flushing waits for the span and log
 * processors; shutting down runs once (every later call gets the same promise): it stops metrics
 * and the event sampler, flushes, then shuts the span and log processors down.
 */

/** Something with processors to flush and shut down (the tracer, the log pipeline). */
interface Flushable {
  forceFlush(): Promise<void>
  shutdown(): Promise<void>
}

/** What an instance's lifecycle drives. */
export interface InstanceLifecycleParts {
  tracer: Flushable
  logs: Flushable
  /** Stops the metrics engine if it was created; never throws. */
  stopMetrics: () => void
  /** Disconnects the event sampler; connected after the instance exists, so read at shutdown. */
  disconnectSampler: () => void
}

/** `forceFlush` and `shutdown`, as the instance exposes them. */
export interface InstanceLifecycle {
  forceFlush(): Promise<void>
  shutdown(): Promise<void>
}

/** The lifecycle over `parts`. */
export function createInstanceLifecycle(parts: InstanceLifecycleParts): InstanceLifecycle {
  const { tracer, logs, stopMetrics, disconnectSampler } = parts
  let shutdownPromise: Promise<void> | undefined
  return {
    forceFlush: async () => {
      await Promise.all([tracer.forceFlush(), logs.forceFlush()])
    },
    shutdown() {
      shutdownPromise ??= (async () => {
        stopMetrics()
        disconnectSampler()
        await Promise.all([tracer.forceFlush(), logs.forceFlush()])
        await Promise.all([tracer.shutdown(), logs.shutdown()])
      })()
      return shutdownPromise
    },
  }
}
