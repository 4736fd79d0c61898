import { defineLayerEvents } from './eventDefinition.ts'

/**
 * Node.js runtime events, `foundation.runtime.*`: the periodic process sample that feeds the
 * runtime metrics, and each garbage collection.
 */
export const runtimeEvents = defineLayerEvents('foundation', {
  events: {
    'foundation.runtime.sample': {
      description: 'A periodic sample of the event loop, memory, handles and CPU of this process.',
      measurements: {
        event_loop_delay_p50: 'ms',
        event_loop_delay_p99: 'ms',
        event_loop_delay_max: 'ms',
        event_loop_utilization: '1',
        heap_used: 'By',
        heap_total: 'By',
        rss: 'By',
        external: 'By',
        active_handles: '{handle}',
        active_requests: '{request}',
        cpu_user: 'ms',
        cpu_system: 'ms',
      },
    },
    'foundation.runtime.gc': {
      description: 'A garbage collection finished.',
      metadata: { kind: 'major|minor|incremental|weakcb' },
      measurements: { duration: 'ms' },
    },
  },
})
