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

/** The values of `metadata[key]` in each `event` of `events`, in order. */
export function valuesOf(events: readonly CapturedEvent[], event: string, key: string): unknown[] {
  return events.filter((e) => e.event === event).map((e) => e.metadata[key])
}

/** Asserts that the first `dspex.tool.call.stop` is a successful call of tool `toolName` by agent `agentId`. */
export function expectToolCall(events: readonly CapturedEvent[], toolName: string, agentId: string): void {
  expect(events.find((e) => e.event === 'dspex.tool.call.stop')?.metadata).toMatchObject({
    tool_name: toolName,
    agent_id: agentId,
    success: true,
  })
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
export function expectOneTrace(
  spans: readonly ReadableSpan[],
  events: readonly CapturedEvent[],
): ReadableSpan | undefined {
  const request = spans.find((s) => s.name === 'foundation_os.request')
  expect(new Set(spans.map((s) => s.spanContext.traceId))).toEqual(new Set([request?.spanContext.traceId]))
  for (const e of events) expect(e.metadata.trace_id).toBe(request?.spanContext.traceId)
  return request
}
