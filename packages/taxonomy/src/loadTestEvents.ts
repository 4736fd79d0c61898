import { defineLayerEvents } from './eventDefinition.ts'

/**
 * Load-test events, `foundation.load_test.*` (seed 002): one run, each scenario execution by a
 * worker, and a per-request report for generators that do not wrap requests in a span.
 */
export const loadTestEvents = defineLayerEvents('foundation', {
  spans: {
    'foundation.load_test.run': {
      description: 'A load-test run: warm-up, ramp-up, sustained load, cool-down',
      metadata: { test_name: 'string', run_id: 'string?', concurrency: 'number?' },
      stop: {
        measurements: {
          requests: '{request}?',
          successes: '{request}?',
          failures: '{request}?',
          throughput: '{request}/s?',
        },
      },
    },
    'foundation.load_test.scenario': {
      description: 'One execution of a weighted load-test scenario by a worker',
      metadata: { scenario: 'string', run_id: 'string?', worker_id: 'string?' },
      stop: { metadata: { success: 'boolean?' } },
    },
  },
  events: {
    'foundation.load_test.request': {
      description: 'One load-test request finished.',
      metadata: { scenario: 'string', success: 'boolean', run_id: 'string?', error: 'string?' },
      measurements: { duration: 'ms' },
    },
  },
})
