import { counter, defineMetrics, gauge, histogram } from './metricDefinition.ts'

const sample = 'foundation.runtime.sample'

/**
 * Node.js runtime metrics, `foundation.runtime.*`, recorded from the periodic runtime sample and
 * GC events. `event_loop.delay` is one gauge with a `percentile` tag (`p50`, `p99`, `max`) where
 * OpenTelemetry has one gauge per statistic (`nodejs.eventloop.delay.p50` ...); CPU time is
 * split by mode where OpenTelemetry has one `process.cpu.time` with a `cpu.mode` attribute.
 * Core's runtime sampler records them (`recordedByCode`).
 */
export const runtimeMetrics = defineMetrics('foundation', [
  gauge('foundation.runtime.event_loop.delay', {
    unit: 'ms',
    description: 'Event-loop delay over the last sample interval, by percentile (p50, p99, max).',
    tagKeys: ['percentile'],
    events: [sample],
  }),
  gauge('foundation.runtime.event_loop.utilization', {
    unit: '1',
    description: 'Fraction of the last sample interval the event loop was busy.',
    tagKeys: [],
    otelName: 'nodejs.eventloop.utilization',
    events: [sample],
  }),
  gauge('foundation.runtime.memory.heap_used', {
    unit: 'By',
    description: 'V8 heap in use.',
    tagKeys: [],
    events: [sample],
  }),
  gauge('foundation.runtime.memory.heap_total', {
    unit: 'By',
    description: 'V8 heap allocated.',
    tagKeys: [],
    events: [sample],
  }),
  gauge('foundation.runtime.memory.rss', {
    unit: 'By',
    description: 'Resident set size of the process.',
    tagKeys: [],
    otelName: 'process.memory.usage',
    events: [sample],
  }),
  gauge('foundation.runtime.memory.external', {
    unit: 'By',
    description: 'Memory of C++ objects bound to JavaScript objects (buffers included).',
    tagKeys: [],
    events: [sample],
  }),
  histogram('foundation.runtime.gc.duration', {
    unit: 'ms',
    description: 'Garbage collection pauses, by kind (major, minor, incremental, weakcb).',
    tagKeys: ['kind'],
    buckets: [0.1, 0.5, 1, 5, 10, 50, 100, 500],
    otelName: 'v8js.gc.duration',
    otelAttributes: { kind: 'v8js.gc.type' },
    events: ['foundation.runtime.gc'],
  }),
  gauge('foundation.runtime.handles.active', {
    unit: '{handle}',
    description: 'Active libuv handles (sockets, timers, servers) keeping the process alive.',
    tagKeys: [],
    events: [sample],
  }),
  gauge('foundation.runtime.requests.active', {
    unit: '{request}',
    description: 'Active libuv requests (file system, DNS) in flight.',
    tagKeys: [],
    events: [sample],
  }),
  counter('foundation.runtime.cpu.user', {
    unit: 'ms',
    description: 'CPU time spent in user mode.',
    tagKeys: [],
    events: [sample],
  }),
  counter('foundation.runtime.cpu.system', {
    unit: 'ms',
    description: 'CPU time spent in the kernel on behalf of the process.',
    tagKeys: [],
    events: [sample],
  }),
]).map((row) => ({ ...row, recordedByCode: true }))
