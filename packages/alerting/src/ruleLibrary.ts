/**
 * Ready-made rules for the taxonomy's metrics: the cross-layer health alerts (error rate,
 * breakers, coordination, signal dispatch, convergence, efficiency) with the comparator each one
 * needs, and the Foundation dashboard's alerts (cache latency and hit rate, resource denials,
 * memory, task failures, breaker state). Use them as they are or spread and adjust.
 */
import type { EventRule, MetricRule } from './types.ts'

/** The cache lookup latency histogram the cache alerts read. */
export const CACHE_LATENCY_METRIC = 'foundation.cache.duration'

/** Cross-layer health alerts: five metric rules and the breaker event rule. */
export const healthRules: ReadonlyArray<MetricRule | EventRule> = [
  {
    name: 'HighErrorRate',
    metric: 'foundation.error_rate',
    aggregate: 'value',
    comparator: '>',
    threshold: 0.05,
    for: '1m',
    severity: 'warning',
    annotations: { summary: 'Foundation error rate is {{ $value }} (over 5%)' },
  },
  {
    name: 'CircuitBreakerOpen',
    event: 'foundation.circuit_breaker.state_change',
    when: (_measurements, metadata) => metadata.to === 'open',
    resolveWhen: (_measurements, metadata) => metadata.to === 'closed',
    by: ['name'],
    severity: 'error',
    annotations: { summary: 'Circuit breaker {{ $labels.name }} is open' },
  },
  {
    name: 'AgentCoordinationFailure',
    metric: 'foundation_jido.coordination.success_rate',
    aggregate: 'value',
    comparator: '<',
    threshold: 0.8,
    for: '5m',
    severity: 'warning',
    annotations: { summary: 'Coordination success rate is {{ $value }} (below 80%)' },
  },
  {
    name: 'SignalDispatchFailures',
    metric: 'foundation_jido.signal.dispatch_success_rate',
    aggregate: 'value',
    comparator: '<',
    threshold: 0.9,
    for: '1m',
    severity: 'error',
    annotations: { summary: 'Signal dispatch success rate is {{ $value }} (below 90%)' },
  },
  {
    name: 'OptimizationConvergenceIssues',
    metric: 'dspex.optimization.convergence_rate',
    aggregate: 'value',
    comparator: '<',
    threshold: 0.7,
    for: '15m',
    severity: 'warning',
    annotations: { summary: 'Optimization convergence rate is {{ $value }} (below 70%)' },
  },
  {
    name: 'MultiAgentCoordinationInefficiency',
    metric: 'dspex.coordination.efficiency',
    aggregate: 'value',
    comparator: '<',
    threshold: 0.6,
    for: '15m',
    severity: 'warning',
    annotations: { summary: 'Multi-agent coordination efficiency is {{ $value }} (below 60%)' },
  },
]

/** The Foundation dashboard's alerts: cache, resources, memory, tasks and breakers. */
export const foundationRules: readonly MetricRule[] = [
  {
    name: 'HighCacheLatency',
    metric: CACHE_LATENCY_METRIC,
    unit: 'ms',
    aggregate: 'p95',
    window: '5m',
    comparator: '>',
    threshold: 1,
    for: '5m',
    severity: 'warning',
    series: 'merged',
    annotations: { summary: 'Cache p95 latency is over 1 ms' },
  },
  {
    name: 'LowCacheHitRate',
    metric: 'foundation.cache.hit_ratio',
    aggregate: 'value',
    comparator: '<',
    threshold: 0.7,
    for: '10m',
    severity: 'warning',
    annotations: { summary: 'Cache {{ $labels.cache }} hit rate is {{ $value }} (below 70%)' },
  },
  {
    name: 'HighResourceDenialRate',
    metric: 'foundation.resource_manager.denied',
    aggregate: 'rate',
    window: '5m',
    comparator: '>',
    threshold: 10,
    for: '2m',
    severity: 'warning',
    series: 'merged',
    annotations: { summary: 'Resource requests are denied {{ $value }} times per second' },
  },
  {
    name: 'HighMemoryUsage',
    metric: 'foundation.memory.usage',
    aggregate: 'value',
    comparator: '>',
    threshold: 0.85,
    for: '5m',
    severity: 'critical',
    annotations: { summary: 'Memory usage is {{ $value }} (over 85%)' },
  },
  {
    name: 'HighTaskFailureRate',
    metric: 'foundation_jido.task.failed',
    denominator: 'foundation_jido.task.started',
    aggregate: 'ratio',
    window: '5m',
    comparator: '>',
    threshold: 0.1,
    for: '5m',
    severity: 'warning',
    series: 'merged',
    annotations: { summary: 'Task failure rate is {{ $value }} (over 10%)' },
  },
  {
    name: 'CircuitBreakerStateOpen',
    metric: 'foundation.circuit_breaker.state',
    aggregate: 'value',
    comparator: '==',
    threshold: 1,
    for: '1m',
    severity: 'error',
    annotations: { summary: 'Circuit breaker {{ $labels.name }} is open' },
  },
]

/** Every rule of the library. */
export const ruleLibrary: ReadonlyArray<MetricRule | EventRule> = [...healthRules, ...foundationRules]
