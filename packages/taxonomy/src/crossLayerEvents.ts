import { defineLayerEvents } from './eventDefinition.ts'

const severity = 'info|warning|error|critical'

/**
 * Cross-layer events, `foundation_os.*` (seed 000): the full request lifecycle across Foundation,
 * FoundationJido and DSPEx, unified error tracking, performance degradation and alerts.
 */
export const crossLayerEvents = defineLayerEvents('foundation_os', {
  spans: {
    'foundation_os.request': {
      description: 'A user request across every layer',
      metadata: {
        operation: 'string',
        method: 'string?',
        route: 'string?',
        rpc_system: 'string?',
        rpc_service: 'string?',
        rpc_method: 'string?',
      },
      stop: { metadata: { success: 'boolean?', status_code: 'number?', error: 'string?' } },
      complete: true,
    },
  },
  events: {
    'foundation_os.error.occurred': {
      description: 'An error anywhere in the system, reported once for unified tracking.',
      metadata: {
        kind: 'string',
        message: 'string',
        operation: 'string?',
        severity: `${severity}?`,
      },
      measurements: { count: '{error}?' },
    },
    'foundation_os.performance.degradation': {
      description: 'Metrics moved past their baseline (over 2x the mean or 1.5x the p95).',
      metadata: { degradations: 'object[]' },
      measurements: { degraded_metrics_count: '{metric}' },
    },
    'foundation_os.alert.triggered': {
      description: 'An alert rule started firing.',
      metadata: {
        name: 'string',
        severity,
        metric: 'string?',
        comparator: 'string?',
        threshold: 'number?',
        current_value: 'number?',
        fingerprint: 'string?',
        labels: 'object?',
      },
      measurements: { severity_level: '1' },
    },
    'foundation_os.alert.resolved': {
      description: 'A firing alert stopped firing.',
      metadata: {
        name: 'string',
        severity: `${severity}?`,
        metric: 'string?',
        final_value: 'number?',
        fingerprint: 'string?',
        labels: 'object?',
      },
      measurements: { duration: 'ms?' },
    },
  },
})
