/**
 * The dashboard's charts: which metric each line reads and how. Every name here is one the demo
 * records (its requests, the collectors of each layer, the sampler), so a chart that stays empty
 * means a layer stopped recording, not a typo.
 */
import type { PanelSpec, SeriesSpec, SeriesStat } from './liveFrames.ts'

/** The window every chart reads, ms: short, so the failure phase shows within seconds. */
export const panelWindow = 5_000

/** A series read over {@link panelWindow}. */
function windowed(label: string, metric: string, stat: SeriesStat): SeriesSpec {
  return { label, metric, stat, window: panelWindow }
}

/** The panels, in page order. */
export const dashboardPanels: readonly PanelSpec[] = [
  {
    id: 'requests',
    title: 'Request rate',
    unit: 'req/s',
    series: [windowed('requests', 'demo.request.duration', 'rate')],
  },
  {
    id: 'latency',
    title: 'Request latency',
    unit: 'ms',
    series: (['p50', 'p99'] as const).map((quantile) =>
      windowed(quantile, 'demo.request.duration', quantile),
    ),
  },
  {
    id: 'errors',
    title: 'Error ratio',
    unit: 'ratio',
    series: [
      {
        label: 'failed or rejected',
        metric: 'demo.request.errors',
        stat: 'ratio',
        denominator: 'demo.requests',
        window: panelWindow,
      },
    ],
  },
  {
    id: 'breakers',
    title: 'Circuit breaker states (0 closed, 0.5 half-open, 1 open)',
    unit: 'state',
    series: ['llm-gateway', 'vector-store'].map((name) => ({
      label: name,
      metric: 'foundation.circuit_breaker.state',
      stat: 'value' as const,
      tags: { name },
    })),
  },
  {
    id: 'auctions',
    title: 'Auctions',
    unit: 'ratio',
    series: [
      { label: 'participation', metric: 'foundation_jido.auction.participation_rate', stat: 'value' },
      { label: 'fairness', metric: 'foundation_jido.auction.fairness_score', stat: 'value' },
    ],
  },
  {
    id: 'optimization',
    title: 'Optimization score by iteration',
    unit: 'score',
    series: [{ label: 'score', metric: 'dspex.optimization.performance_score', stat: 'value' }],
  },
  {
    id: 'llm',
    title: 'LLM tokens and cost per minute',
    unit: 'per min',
    series: [
      { label: 'tokens', metric: 'dspex.llm.tokens', stat: 'rate', window: 10_000, scale: 60 },
      { label: 'cost (USD × 1000)', metric: 'dspex.llm.cost', stat: 'rate', window: 10_000, scale: 60_000 },
    ],
  },
  {
    id: 'sampler',
    title: 'Sampler: events kept and dropped',
    unit: 'events/s',
    series: [
      windowed('kept', 'telemetry.sampler.sampled', 'rate'),
      windowed('dropped', 'telemetry.sampler.dropped', 'rate'),
    ],
  },
]
