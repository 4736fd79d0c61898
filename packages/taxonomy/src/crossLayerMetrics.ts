import { bucketAdvice, counter, defineMetrics, gauge, histogram } from './metricDefinition.ts'

const request = 'foundation_os.request'
const requestEnds = [`${request}.stop`, `${request}.complete`, `${request}.exception`]

// Tag keys of HTTP server metrics -> OpenTelemetry HTTP attributes.
const httpAttributes = {
  method: 'http.request.method',
  route: 'http.route',
  status_code: 'http.response.status_code',
} as const
// Request and response body sizes: empty to 10 MB.
const bodySizeBuckets = [0, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000]

/** The HTTP server's request or response body size histogram, under OpenTelemetry's name. */
function bodySize<TPart extends 'request' | 'response'>(part: TPart, description: string) {
  const name = `http.server.${part}.body.size` as const
  return histogram(name, {
    unit: 'By',
    description,
    tagKeys: ['method', 'route', 'status_code', 'scheme'],
    buckets: bodySizeBuckets,
    otelName: name,
    otelAttributes: { ...httpAttributes, scheme: 'url.scheme' },
    recordedByCode: true,
  })
}

/** Cross-layer metrics, `foundation_os.*`: requests, unified errors, degradations and alerts. */
export const crossLayerMetrics = defineMetrics('foundation_os', [
  counter('foundation_os.requests', {
    unit: '{request}',
    description: 'User requests across every layer, by operation and success.',
    tagKeys: ['operation', 'success'],
    events: requestEnds,
  }),
  histogram('foundation_os.request.duration', {
    unit: 'ms',
    description: 'End-to-end request time; for requests served over HTTP, the HTTP server request duration.',
    tagKeys: ['operation', 'method', 'route', 'status_code', 'error_type'],
    buckets: bucketAdvice.requestMs,
    otelName: 'http.server.request.duration',
    otelAttributes: { ...httpAttributes, error_type: 'error.type' },
    events: requestEnds,
  }),
  histogram('http.server.request.duration', {
    unit: 'ms',
    description: 'Duration of HTTP server requests, from the request line to the last byte of the response.',
    tagKeys: ['method', 'route', 'status_code', 'scheme', 'error_type'],
    buckets: bucketAdvice.requestMs,
    otelName: 'http.server.request.duration',
    otelAttributes: { ...httpAttributes, scheme: 'url.scheme', error_type: 'error.type' },
    recordedByCode: true,
  }),
  bodySize('request', 'Size of HTTP server request bodies, from their Content-Length.'),
  bodySize(
    'response',
    'Size of HTTP server response bodies, from their Content-Length or the bytes written.',
  ),
  histogram('foundation_os.rpc.duration', {
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
    events: requestEnds,
  }),
  counter('foundation_os.errors', {
    unit: '{error}',
    description: 'Errors reported for unified tracking, by layer, kind and severity.',
    tagKeys: ['layer', 'kind', 'severity'],
    events: ['foundation_os.error.occurred'],
  }),
  counter('foundation_os.performance.degradations', {
    unit: '{metric}',
    description: 'Metrics found degraded against their baseline.',
    tagKeys: [],
    events: ['foundation_os.performance.degradation'],
  }),
  counter('foundation_os.alerts.triggered', {
    unit: '{alert}',
    description: 'Alerts that started firing.',
    tagKeys: ['name', 'severity'],
    events: ['foundation_os.alert.triggered'],
  }),
  counter('foundation_os.alerts.resolved', {
    unit: '{alert}',
    description: 'Alerts that stopped firing.',
    tagKeys: ['name', 'severity'],
    events: ['foundation_os.alert.resolved'],
  }),
  gauge('foundation_os.alerts.active', {
    unit: '{alert}',
    description: 'Alerts firing now.',
    tagKeys: ['severity'],
    events: ['foundation_os.alert.triggered', 'foundation_os.alert.resolved'],
  }),
])
