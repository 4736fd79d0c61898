import { defineLayerEvents } from './eventDefinition.ts'

/**
 * Message-queue events, `foundation.queue.*`: a message published, its processing by a consumer
 * (a span whose trace continues the producer's: the trace context travels inside the message),
 * and periodic depth reports. `system` is the queue technology (`bullmq`, `sqs`, ...), as in
 * OpenTelemetry's `messaging.system`.
 */
export const queueEvents = defineLayerEvents('foundation', {
  spans: {
    'foundation.queue.process': {
      description: 'A consumer processes one message; `.stop` carries `wait`, the time it spent queued',
      metadata: {
        queue: 'string',
        system: 'string?',
        message_id: 'string?',
        message_name: 'string?',
        attempt: 'number?',
      },
      stop: { measurements: { wait: 'ms?' } },
    },
  },
  events: {
    'foundation.queue.publish': {
      description: 'A producer published a message to a queue.',
      metadata: { queue: 'string', system: 'string?', message_id: 'string?', message_name: 'string?' },
      measurements: { size: 'By?', count: '{message}?' },
    },
    'foundation.queue.depth': {
      description: 'Periodic queue report: messages waiting, in progress, delayed and failed.',
      metadata: { queue: 'string', system: 'string?' },
      measurements: {
        waiting: '{message}',
        active: '{message}?',
        delayed: '{message}?',
        failed: '{message}?',
      },
    },
  },
})
