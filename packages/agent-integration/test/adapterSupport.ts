/**
 * What the framework adapter tests (LangGraph, OpenAI Agents) share: a telemetry that keeps its
 * errors and spans, the LLM requests an adapter reported, and the one-trace check.
 */
import { createTelemetry, type ReadableSpan, type TelemetryError } from '@foundation-telemetry/core'
import type { CapturedEvent } from '@foundation-telemetry/testing'
import { expect } from 'vitest'
import { recordSpans } from './spans.ts'

/** A telemetry for `service` with the errors it reports and the spans it ends. */
export function adapterTelemetry(service: string) {
  const errors: TelemetryError[] = []
  const t = createTelemetry({ service, onError: (e) => errors.push(e) })
  return { t, errors, spans: recordSpans(t) }
}

/** Each `dspex.llm.request.stop` as [agent_id, metadata[`key`], input, output and total tokens]. */
export function llmRequests(events: readonly CapturedEvent[], key: string): unknown[][] {
  return events
    .filter((e) => e.event === 'dspex.llm.request.stop')
    .map((e) => [
      e.metadata.agent_id,
      e.metadata[key],
      e.measurements.input_tokens,
      e.measurements.output_tokens,
      e.measurements.total_tokens,
    ])
}

/** Asserts that every span and every event is in the trace of the `foundation_os.request` span; returns it. */
export function expectOneRequestTrace(
  spans: readonly ReadableSpan[],
  events: readonly CapturedEvent[],
): ReadableSpan | undefined {
  const request = spans.find((s) => s.name === 'foundation_os.request')
  expect(new Set(spans.map((s) => s.spanContext.traceId))).toEqual(new Set([request?.spanContext.traceId]))
  for (const e of events) expect(e.metadata.trace_id).toBe(request?.spanContext.traceId)
  return request
}
