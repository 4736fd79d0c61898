import type { Metrics } from './types.ts'

/**
 * Callback gauges shared by every source attached to one metrics instance. A gauge keeps the
 * first callback its name was created with, so a package attached several times to one telemetry
 * (several collectors, several alerting engines) defines its gauges once, with callbacks that read
 * every source attached at collection time. The returned function attaches a source and returns
 * its detach: the source's series disappear at the next collection.
 *
 * @example
 * ```ts
 * const attachQueue = sharedGauges<Queue>((metrics, queues) => {
 *   metrics.gauge('my_app.queue.depth', {
 *     callback: (observe) => {
 *       for (const queue of queues) observe(queue.depth, { queue: queue.name })
 *     },
 *   })
 * })
 * const detach = attachQueue(t.metrics, queue)
 * ```
 */
export function sharedGauges<TSource>(
  define: (metrics: Metrics, sources: ReadonlySet<TSource>) => void,
): (metrics: Metrics, source: TSource) => () => void {
  const byMetrics = new WeakMap<Metrics, Set<TSource>>()
  return (metrics, source) => {
    let sources = byMetrics.get(metrics)
    if (sources === undefined) {
      sources = new Set()
      byMetrics.set(metrics, sources)
      define(metrics, sources)
    }
    sources.add(source)
    const attached = sources
    return () => {
      attached.delete(source)
    }
  }
}
