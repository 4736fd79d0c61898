import { bucketAdvice, defineMetrics } from './metricDefinition.ts'

const process = ['foundation.queue.process.stop', 'foundation.queue.process.exception']

/**
 * Message-queue metrics: messages published and consumed (by outcome), processing and queue-wait
 * time, and depth, named after OpenTelemetry's messaging conventions where they have one.
 */
export const queueMetrics = defineMetrics('foundation', [
  {
    name: 'foundation.queue.published',
    kind: 'counter',
    unit: '{message}',
    description: 'Messages published to queues.',
    tagKeys: ['queue', 'system'],
    measurement: 'count',
    otelName: 'messaging.client.sent.messages',
    otelAttributes: { queue: 'messaging.destination.name', system: 'messaging.system' },
    events: ['foundation.queue.publish'],
  },
  {
    name: 'foundation.queue.consumed',
    kind: 'counter',
    unit: '{message}',
    description: 'Messages processed by consumers, by outcome (success, failure).',
    tagKeys: ['queue', 'system', 'outcome'],
    otelName: 'messaging.client.consumed.messages',
    otelAttributes: { queue: 'messaging.destination.name', system: 'messaging.system' },
    events: process,
  },
  {
    name: 'foundation.queue.processing_duration',
    kind: 'histogram',
    unit: 'ms',
    description: 'Time a consumer spent processing one message, by outcome.',
    tagKeys: ['queue', 'system', 'outcome'],
    buckets: bucketAdvice.requestMs,
    otelName: 'messaging.process.duration',
    otelAttributes: { queue: 'messaging.destination.name', system: 'messaging.system' },
    events: process,
  },
  {
    name: 'foundation.queue.wait_duration',
    kind: 'histogram',
    unit: 'ms',
    description: 'Time a message waited in its queue before processing began.',
    tagKeys: ['queue', 'system'],
    buckets: bucketAdvice.requestMs,
    measurement: 'wait',
    events: ['foundation.queue.process.stop'],
  },
  {
    name: 'foundation.queue.depth',
    kind: 'gauge',
    unit: '{message}',
    description: 'Messages waiting in a queue at the last report.',
    tagKeys: ['queue', 'system'],
    measurement: 'waiting',
    events: ['foundation.queue.depth'],
  },
  {
    name: 'foundation.queue.active',
    kind: 'gauge',
    unit: '{message}',
    description: 'Messages being processed at the last report.',
    tagKeys: ['queue', 'system'],
    measurement: 'active',
    events: ['foundation.queue.depth'],
  },
])
