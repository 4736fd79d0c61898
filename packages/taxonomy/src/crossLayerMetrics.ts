import { bucketAdvice, defineMetrics } from './metricDefinition.ts'

const request = 'foundation_os.request'

/** Cross-layer metrics, `foundation_os.*`: requests, unified errors, degradations and alerts. */
export const crossLayerMetrics = defineMetrics('foundation_os', [
  {
    name: 'foundation_os.requests',
    kind: 'counter',
    unit: '{request}',
    description: 'User requests across every layer, by operation and success.',
    tagKeys: ['operation', 'success'],
    events: [`${request}.stop`, `${request}.complete`, `${request}.exception`],
  },
  {
    name: 'foundation_os.request.duration',
    kind: 'histogram',
    unit: 'ms',
    description: 'End-to-end request time; for requests served over HTTP, the HTTP server request duration.',
    tagKeys: ['operation', 'method', 'route', 'status_code', 'error_type'],
    buckets: bucketAdvice.requestMs,
    otelName: 'http.server.request.duration',
    otelAttributes: {
      method: 'http.request.method',
      route: 'http.route',
      status_code: 'http.response.status_code',
      error_type: 'error.type',
    },
    events: [`${request}.stop`, `${request}.complete`, `${request}.exception`],
  },
  {
    name: 'foundation_os.rpc.duration',
    kind: 'histogram',
    unit: 'ms',
    description: 'Server time of requests that arrive as RPCs (those with `rpc_*` metadata).',
    tagKeys: ['rpc_system', 'rpc_service', 'rpc_method', 'error_type'],
    buckets: bucketAdvice.requestMs,
    otelName: 'rpc.server.duration',
    otelAttributes: {
      rpc_system: 'rpc.system',
      rpc_service: 'rpc.service',
      rpc_method: 'rpc.method',
      error_type: 'error.type',
    },
    events: [`${request}.stop`, `${request}.complete`, `${request}.exception`],
  },
  {
    name: 'foundation_os.errors',
    kind: 'counter',
    unit: '{error}',
    description: 'Errors reported for unified tracking, by layer, kind and severity.',
    tagKeys: ['layer', 'kind', 'severity'],
    events: ['foundation_os.error.occurred'],
  },
  {
    name: 'foundation_os.performance.degradations',
    kind: 'counter',
    unit: '{metric}',
    description: 'Metrics found degraded against their baseline.',
    tagKeys: [],
    events: ['foundation_os.performance.degradation'],
  },
  {
    name: 'foundation_os.alerts.triggered',
    kind: 'counter',
    unit: '{alert}',
    description: 'Alerts that started firing.',
    tagKeys: ['name', 'severity'],
    events: ['foundation_os.alert.triggered'],
  },
  {
    name: 'foundation_os.alerts.resolved',
    kind: 'counter',
    unit: '{alert}',
    description: 'Alerts that stopped firing.',
    tagKeys: ['name', 'severity'],
    events: ['foundation_os.alert.resolved'],
  },
  {
    name: 'foundation_os.alerts.active',
    kind: 'gauge',
    unit: '{alert}',
    description: 'Alerts firing now.',
    tagKeys: ['severity'],
    events: ['foundation_os.alert.triggered', 'foundation_os.alert.resolved'],
  },
])
