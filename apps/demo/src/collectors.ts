/**
 * A tiny stand-in for the Foundation collector (the real collectors come in a later issue):
 * handlers that turn the workload's events into the taxonomy's metrics with `recordMetric`,
 * plus two demo-only instruments for whole requests.
 */
import type { Handler, Telemetry } from '@foundation-telemetry/core'

/** The recent window the live page summarises, ms. */
export const summaryWindow = 10_000

const breakerStateValue: Readonly<Record<string, number>> = { closed: 0, half_open: 0.5, open: 1 }

/** Attach the demo's collector handlers to `t`. Returns a function that detaches them all. */
export function attachDemoCollectors(t: Telemetry): () => void {
  const requests = t.metrics.counter('demo.requests', {
    unit: '{request}',
    description: 'Demo requests by outcome.',
  })
  // The live page's KPIs read these two over a recent window.
  const requestErrors = t.metrics.counter('demo.request.errors', {
    unit: '{request}',
    description: 'Demo requests that failed or were rejected by a circuit breaker.',
    windows: [summaryWindow],
  })
  const requestDuration = t.metrics.histogram('demo.request.duration', {
    unit: 'ms',
    description: 'Duration of whole demo requests.',
    buckets: [1, 2.5, 5, 10, 25, 50, 100, 250, 500],
    windows: [summaryWindow],
  })
  const breakerStates = new Map<string, string>()

  const handlers: Array<[string, string | string[], Handler]> = [
    [
      'demo-registry-lookup',
      'foundation.process_registry.lookup.stop',
      (_e, m, md) => {
        const found = md.found === undefined ? 'unknown' : String(md.found)
        t.recordMetric('foundation.process_registry.lookups', 1, { namespace: md.namespace, found })
        t.recordMetric('foundation.process_registry.lookup_latency', m.duration ?? 0, {
          namespace: md.namespace,
        })
      },
    ],
    [
      'demo-registry-register',
      'foundation.process_registry.register.stop',
      (_e, m, md) => {
        t.recordMetric('foundation.process_registry.registrations', 1, {
          namespace: md.namespace,
          process_type: md.process_type,
          success: 'true',
        })
        t.recordMetric('foundation.process_registry.registration_duration', m.duration ?? 0, {
          namespace: md.namespace,
        })
      },
    ],
    [
      'demo-breaker-call',
      ['foundation.circuit_breaker.call.stop', 'foundation.circuit_breaker.call.exception'],
      (event, m, md) => {
        const outcome = event.endsWith('.stop') ? 'success' : 'failure'
        t.recordMetric('foundation.circuit_breaker.calls', 1, { name: md.name, outcome })
        t.recordMetric('foundation.circuit_breaker.latency', m.duration ?? 0, { name: md.name })
      },
    ],
    [
      'demo-breaker-rejected',
      'foundation.circuit_breaker.call.rejected',
      (_e, _m, md) =>
        t.recordMetric('foundation.circuit_breaker.calls', 1, { name: md.name, outcome: 'rejected' }),
    ],
    [
      'demo-breaker-state',
      'foundation.circuit_breaker.state_change',
      (_e, _m, md) => {
        const name = String(md.name)
        const to = String(md.to)
        if (to === 'open') t.recordMetric('foundation.circuit_breaker.opened', 1, { name, reason: md.reason })
        if (to === 'closed') t.recordMetric('foundation.circuit_breaker.closed', 1, { name })
        t.recordMetric('foundation.circuit_breaker.state', breakerStateValue[to] ?? 0, { name })
        breakerStates.set(name, to)
        let closed = 0
        for (const state of breakerStates.values()) if (state === 'closed') closed++
        t.recordMetric('foundation.circuit_breaker.health', closed / breakerStates.size)
      },
    ],
    [
      'demo-rate-limiter',
      ['foundation.rate_limiter.allowed', 'foundation.rate_limiter.throttled'],
      (event, _m, md) => t.recordMetric(event, 1, { limiter: md.limiter }),
    ],
    [
      'demo-retry',
      ['foundation.retry.attempt.stop', 'foundation.retry.attempt.exception'],
      (event, _m, md) =>
        t.recordMetric('foundation.retry.attempts', 1, {
          operation: md.operation,
          outcome: event.endsWith('.stop') ? 'success' : 'failure',
        }),
    ],
    [
      'demo-retry-exhausted',
      'foundation.retry.exhausted',
      (_e, _m, md) => t.recordMetric('foundation.retry.exhausted', 1, { operation: md.operation }),
    ],
    [
      'demo-request',
      'demo.request.stop',
      (_e, m, md) => {
        const route = String(md.route)
        const outcome = String(md.outcome)
        requests.add(1, { route, outcome })
        if (outcome === 'failed' || outcome === 'rejected') requestErrors.add(1, { route })
        requestDuration.record(m.duration ?? 0, { route })
      },
    ],
  ]
  const detachers = handlers.map(([id, events, handler]) => t.attach(id, events, handler))
  return () => {
    for (const detach of detachers) detach()
  }
}
