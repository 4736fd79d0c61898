/**
 * The span processors of one instance: registration (an immutable list, replaced on change, so
 * a span reads it without copying), flush and shutdown.
 */
import { describeError } from './errorDetails.ts'
import { exportFailure, invalidInput, type TelemetryError } from './errors.ts'
import type { SpanPipeline } from './span.ts'
import type { SpanProcessor } from './types.ts'

/** What a tracer does with its processors. */
export interface SpanProcessors {
  addSpanProcessor(processor: SpanProcessor): () => void
  /** Whether a span processor is registered. */
  recordsSpans(): boolean
  forceFlush(): Promise<void>
  shutdown(): Promise<void>
}

/** The processor registry over `pipeline.processors`. */
export function createSpanProcessors(
  pipeline: SpanPipeline,
  report: (error: TelemetryError) => void,
): SpanProcessors {
  return {
    addSpanProcessor(processor) {
      if (typeof processor !== 'object' || processor === null || !hasProcessorMethods(processor)) {
        report(
          invalidInput('addSpanProcessor: a processor needs onStart and onEnd', { api: 'addSpanProcessor' }),
        )
        return () => {}
      }
      pipeline.processors = [...pipeline.processors, processor]
      return () => {
        pipeline.processors = pipeline.processors.filter((p) => p !== processor)
      }
    },

    recordsSpans: () => pipeline.processors.length > 0,

    forceFlush: () => settleAll(pipeline.processors, 'forceFlush', report),
    async shutdown() {
      const current = pipeline.processors
      pipeline.processors = []
      await settleAll(current, 'shutdown', report)
    },
  }
}

async function settleAll(
  processors: readonly SpanProcessor[],
  phase: 'forceFlush' | 'shutdown',
  report: (error: TelemetryError) => void,
): Promise<void> {
  const results = await Promise.allSettled(
    processors.map(async (p) => {
      if (typeof p[phase] === 'function') await p[phase]()
    }),
  )
  for (const result of results) {
    if (result.status === 'rejected') {
      report(
        exportFailure(`span processor failed in ${phase}: ${describeError(result.reason).message}`, {
          exporter: 'span_processor',
          phase,
          error: result.reason,
        }),
      )
    }
  }
}

/** Whether `processor` has onStart and onEnd; a processor whose properties throw has not. */
function hasProcessorMethods(processor: SpanProcessor): boolean {
  try {
    return typeof processor.onStart === 'function' && typeof processor.onEnd === 'function'
  } catch {
    return false
  }
}
