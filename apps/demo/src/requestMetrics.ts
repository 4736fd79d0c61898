/**
 * The demo's own metrics for whole requests (`demo.request` spans), which the live page
 * summarises. Everything of the Foundation layer is recorded by the Foundation collector.
 */
import type { Telemetry } from '@foundation-telemetry/core'

/** The recent window the live page summarises, ms. */
export const summaryWindow = 10_000

/** Record `demo.request.stop` into the demo's request metrics. Returns a function that detaches it. */
export function attachRequestMetrics(t: Telemetry): () => void {
  return t.metrics.define([
    {
      name: 'demo.requests',
      kind: 'counter',
      events: 'demo.request.stop',
      unit: '{request}',
      description: 'Demo requests by outcome.',
      tagKeys: ['route', 'outcome'],
    },
    {
      // The live page's KPIs read these two over a recent window.
      name: 'demo.request.errors',
      kind: 'counter',
      events: 'demo.request.stop',
      unit: '{request}',
      description: 'Demo requests that failed or were rejected by a circuit breaker.',
      tagKeys: ['route'],
      keep: (metadata) => metadata.outcome === 'failed' || metadata.outcome === 'rejected',
      windows: [summaryWindow],
    },
    {
      name: 'demo.request.duration',
      kind: 'histogram',
      events: 'demo.request.stop',
      unit: 'ms',
      description: 'Duration of whole demo requests.',
      tagKeys: ['route'],
      buckets: [1, 2.5, 5, 10, 25, 50, 100, 250, 500],
      windows: [summaryWindow],
    },
  ]).detach
}
