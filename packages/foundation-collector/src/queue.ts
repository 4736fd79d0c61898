/**
 * `@foundation-telemetry/foundation-collector/queue`: telemetry for any message queue: publish,
 * process (one trace from producer to consumer) and depth.
 */
export type {
  MessageContext,
  MessageInfo,
  QueueTelemetry,
  QueueTelemetryHost,
  QueueTelemetryOptions,
} from './queueTelemetry.ts'
export { createQueueTelemetry, messageContext, readMessageContext } from './queueTelemetry.ts'
