/**
 * A span as BullMQ drives it (through its `telemetry` option), served by a Foundation span. A
 * CONSUMER `process <queue>` span is a message's processing, continuing the trace the job
 * carries; a PRODUCER `add` or `addBulk` span records the publish when it ends; any other is a
 * plain span. BullMQ sets the job's queue, name, id and attempt as attributes after the start,
 * so they are read when needed rather than at the start.
 */
import type { Span } from '@foundation-telemetry/core'
import { attributesFrom, SpanKind, SpanStatusCode } from '@foundation-telemetry/core'
import type { BullContext, BullSpan } from './bullmq.ts'
import {
  type MessageInfo,
  type Processing,
  type QueueTelemetryHost,
  recordPublish,
  startProcessing,
} from './queueTelemetry.ts'

/** BullMQ's span kinds, numbered as OpenTelemetry's (and ours). */
export type BullSpanKind = 0 | 1 | 2 | 3 | 4

const QUEUE_NAME = 'bullmq.queue.name'
const JOB_NAME = 'bullmq.job.name'
const JOB_ID = 'bullmq.job.id'
const ATTEMPTS = 'bullmq.job.attempts.made'

/** `value` as text when it is a string or a number. */
function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined
}

/** One span BullMQ started through a {@link bullmqTelemetry} tracer. */
export class FoundationBullSpan implements BullSpan {
  readonly span: Span
  private readonly t: QueueTelemetryHost
  private readonly system: string
  private readonly kind: BullSpanKind
  private readonly operation: string
  private readonly attributes: Record<string, unknown> = {}
  private readonly processing: Processing | undefined
  private failure: unknown

  constructor(
    t: QueueTelemetryHost,
    system: string,
    name: string,
    kind: BullSpanKind,
    context: BullContext | undefined,
  ) {
    this.t = t
    this.system = system
    this.kind = kind
    const space = name.indexOf(' ')
    this.operation = space === -1 ? name : name.slice(0, space)
    if (kind === SpanKind.CONSUMER && this.operation === 'process') {
      // `process <queue>`: the consumer side of a job, continuing the trace the job carries.
      const queue = space === -1 ? 'unknown' : name.slice(space + 1)
      this.processing = startProcessing(t, queue, system, {}, context?.message, `bullmq.${name}`)
      this.span = this.processing.span
    } else {
      this.span = t.startSpan(`bullmq.${name}`, {
        kind: kind as SpanKind,
        parent: context?.span ?? t.activeSpan() ?? null,
        attributes: { 'messaging.system': system },
      })
    }
  }

  setSpanOnContext(context: BullContext): BullContext {
    return { ...context, span: this.span }
  }

  setAttribute(key: string, value: unknown): void {
    this.setAttributes({ [key]: value })
  }

  setAttributes(attributes: Record<string, unknown>): void {
    Object.assign(this.attributes, attributes)
    const carried = attributesFrom(attributes)
    if (carried !== undefined) this.span.setAttributes(carried)
    this.processing?.update(this.message())
  }

  addEvent(name: string, attributes?: Record<string, unknown>): void {
    if (name === 'job failed') {
      this.failure = new Error(text(attributes?.['bullmq.job.failed.reason']) ?? 'job failed')
    }
    this.span.addEvent(name)
  }

  recordException(exception: unknown): void {
    this.failure = exception
  }

  end(): void {
    if (this.processing !== undefined) {
      this.processing.end(this.failure)
      return
    }
    if (this.failure !== undefined) {
      this.span.recordException(this.failure)
      this.span.setStatus({ code: SpanStatusCode.ERROR })
    } else if (this.kind === SpanKind.PRODUCER) {
      this.recordPublished()
    }
    this.span.end()
  }

  /** The job as its attributes describe it so far. */
  private message(): MessageInfo {
    const attempts = Number(this.attributes[ATTEMPTS])
    return {
      id: text(this.attributes[JOB_ID]),
      name: text(this.attributes[JOB_NAME]),
      attempt: Number.isFinite(attempts) ? attempts : undefined,
    }
  }

  /** A producer's `add` (one job) or `addBulk` (the jobs it lists) as published, in this span. */
  private recordPublished(): void {
    const queue = text(this.attributes[QUEUE_NAME]) ?? 'unknown'
    if (this.operation === 'add') {
      this.t.withContext(this.span, () => recordPublish(this.t, queue, this.system, this.message()))
    } else if (this.operation === 'addBulk') {
      const ids = this.attributes['bullmq.job.ids']
      const count = Array.isArray(ids) ? ids.length : 1
      this.t.withContext(this.span, () => recordPublish(this.t, queue, this.system, {}, count))
    }
  }
}
