import { bucketAdvice, counter, defineMetrics, gauge, histogram } from './metricDefinition.ts'

const process = ['foundation.queue.process.stop', 'foundation.queue.process.exception']

/**
 * Message-queue metrics: messages published and consumed (by outcome), processing and queue-wait
 * time, and depth, named after OpenTelemetry's messaging conventions where they have one.
 */
export const queueMetrics = defineMetrics('foundation', [
  counter('foundation.queue.published', {
    unit: '{message}',
    description: 'Messages published to queues.',
    tagKeys: ['queue', 'system'],
    measurement: 'count',
    otelName: 'messaging.client.sent.messages',
    otelAttributes: { queue: 'messaging.destination.name', system: 'messaging.system' },
    events: ['foundation.queue.publish'],
  }),
  counter('foundation.queue.consumed', {
    unit: '{message}',
    description: 'Messages processed by consumers, by outcome (success, failure).',
    tagKeys: ['queue', 'system', 'outcome'],
    otelName: 'messaging.client.consumed.messages',
    otelAttributes: { queue: 'messaging.destination.name', system: 'messaging.system' },
    events: process,
  }),
  histogram('foundation.queue.processing_duration', {
    unit: 'ms',
    description: 'Time a consumer spent processing one message, by outcome.',
    tagKeys: ['queue', 'system', 'outcome'],
    buckets: bucketAdvice.requestMs,
    otelName: 'messaging.process.duration',
    otelAttributes: { queue: 'messaging.destination.name', system: 'messaging.system' },
    events: process,
  }),
  histogram('foundation.queue.wait_duration', {
    unit: 'ms',
    description: 'Time a message waited in its queue before processing began.',
    tagKeys: ['queue', 'system'],
    buckets: bucketAdvice.requestMs,
    measurement: 'wait',
    events: ['foundation.queue.process.stop'],
  }),
  gauge('foundation.queue.depth', {
    unit: '{message}',
    description: 'Messages waiting in a queue at the last report.',
    tagKeys: ['queue', 'system'],
    measurement: 'waiting',
    events: ['foundation.queue.depth'],
  }),
  gauge('foundation.queue.active', {
    unit: '{message}',
    description: 'Messages being processed at the last report.',
    tagKeys: ['queue', 'system'],
    measurement: 'active',
    events: ['foundation.queue.depth'],
  }),
])
