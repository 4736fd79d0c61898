/**
 * `@foundation-telemetry/ml-collector/ai-sdk`: a Vercel AI SDK v7 `Telemetry` integration. Each
 * model call becomes a `dspex.llm.request` span (GenAI attributes, token usage, chunk timings)
 * inside the caller's active span; each tool execution a `dspex.tool.call` span.
 *
 * @example
 * ```ts
 * import { generateText, registerTelemetry } from 'ai'
 * import { createAiSdkTelemetry } from '@foundation-telemetry/ml-collector/ai-sdk'
 *
 * await generateText({ model, prompt: 'Hi', telemetry: { integrations: [createAiSdkTelemetry(t)] } })
 * // or once for the process:
 * registerTelemetry(createAiSdkTelemetry(t))
 * ```
 */
import { type Metadata, readOptions, type Span, SpanKind, type Telemetry } from '@foundation-telemetry/core'
import { redactedContent } from './content.ts'
import { genAiAttributeNames, genAiAttributes, genAiOperations } from './genAiAttributes.ts'
import { type Operation, startOperation } from './operation.ts'
import { createReportOnce } from './reportOnce.ts'

/** Options of {@link createAiSdkTelemetry}. */
export interface AiSdkTelemetryOptions {
  /**
   * Record prompts, completions, tool arguments and tool results as span attributes, through the
   * telemetry's redactor. The SDK's own `recordInputs: false` / `recordOutputs: false` still win.
   * Defaults to `false`.
   */
  recordContent?: boolean
  /** Metadata added to every event (`program_id`, `agent_id`, ...). */
  metadata?: Metadata
  /** Generation calls tracked at once; past this the oldest is ended as abandoned. Defaults to 10 000. */
  maxOpenCalls?: number
}

interface CallState {
  /** The caller's active span when the call started: the parent of its model and tool spans. */
  parent: Span | undefined
  llm: Operation | undefined
  tools: Map<string, Operation>
  recordInputs: boolean
  recordOutputs: boolean
}

// The SDK's events as far as this integration reads them. The SDK's own types are wider; they
// are not imported so that the published types need no `ai` installed.

/** Token usage as the SDK reports it on a model call's end. */
export interface AiSdkUsage {
  inputTokens?: number | undefined
  outputTokens?: number | undefined
  totalTokens?: number | undefined
  inputTokenDetails?: { cacheReadTokens?: number | undefined; cacheWriteTokens?: number | undefined }
  outputTokenDetails?: { reasoningTokens?: number | undefined }
}

/** The fields every SDK telemetry event this integration reads carries. */
export interface AiSdkCallEvent {
  callId?: string | undefined
  provider?: string | undefined
  modelId?: string | undefined
  recordInputs?: boolean | undefined
  recordOutputs?: boolean | undefined
}

/** `onLanguageModelCallStart`'s event. */
export interface AiSdkModelCallStartEvent extends AiSdkCallEvent {
  messages?: unknown
}

/** `onLanguageModelCallEnd`'s event. */
export interface AiSdkModelCallEndEvent extends AiSdkCallEvent {
  finishReason?: string | undefined
  usage?: AiSdkUsage | undefined
  responseId?: string | undefined
  content?: unknown
  performance?: Readonly<Record<string, unknown>> | undefined
}

/** `onToolExecutionStart`'s and `onToolExecutionEnd`'s events. */
export interface AiSdkToolEvent extends AiSdkCallEvent {
  toolCall?: { toolCallId?: string | undefined; toolName?: string | undefined; input?: unknown } | undefined
  toolOutput?: { type?: string | undefined; output?: unknown; error?: unknown } | undefined
}

/**
 * The integration {@link createAiSdkTelemetry} returns: an AI SDK v7 `Telemetry` implementation
 * (assignable to the SDK's type; pass it in `telemetry.integrations` or to `registerTelemetry`).
 */
export interface AiSdkTelemetryIntegration {
  onStart(event: AiSdkCallEvent): void
  onLanguageModelCallStart(event: AiSdkModelCallStartEvent): void
  onLanguageModelCallEnd(event: AiSdkModelCallEndEvent): void
  onToolExecutionStart(event: AiSdkToolEvent): void
  onToolExecutionEnd(event: AiSdkToolEvent): void
  onStepError(event: AiSdkCallEvent & { error?: unknown }): void
  onError(event: unknown): void
  onAbort(event: AiSdkCallEvent & { reason?: unknown }): void
  onEnd(event: AiSdkCallEvent): void
  /** Runs the provider call with its model-call span active. */
  executeLanguageModelCall<TResult>(call: {
    callId: string
    execute: () => PromiseLike<TResult>
  }): PromiseLike<TResult>
  /** Runs a tool with its span active, so a `generateText` inside the tool nests under it. */
  executeTool<TResult>(call: {
    callId: string
    toolCallId: string
    execute: () => PromiseLike<TResult>
  }): PromiseLike<TResult>
}

const API = 'createAiSdkTelemetry'

function numberOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined
}

/** Measurements of one model call's usage and timing; absent values are left out. */
function callMeasurements(
  usage: AiSdkUsage | undefined,
  performance: Readonly<Record<string, unknown>> | undefined,
) {
  const out: Record<string, number> = {}
  const put = (key: string, value: unknown) => {
    if (typeof value === 'number') out[key] = value
  }
  put('input_tokens', usage?.inputTokens)
  put('output_tokens', usage?.outputTokens)
  put('total_tokens', usage?.totalTokens)
  put('cache_read_input_tokens', usage?.inputTokenDetails?.cacheReadTokens)
  put('cache_write_input_tokens', usage?.inputTokenDetails?.cacheWriteTokens)
  put('reasoning_tokens', usage?.outputTokenDetails?.reasoningTokens)
  put('time_to_first_chunk', performance?.timeToFirstOutputMs)
  put('time_per_output_chunk', (performance?.timeBetweenOutputChunksMs as { avg?: unknown } | undefined)?.avg)
  return out
}

/**
 * Create an AI SDK v7 telemetry integration that reports to `t`. Pass it in a call's
 * `telemetry.integrations` or once to `registerTelemetry`. Content is not recorded unless
 * `recordContent` is set, and then only through the telemetry's redactor. Never throws into the
 * SDK: a callback that fails reports through the telemetry's error hook.
 */
export function createAiSdkTelemetry(
  t: Telemetry,
  options: AiSdkTelemetryOptions = {},
): AiSdkTelemetryIntegration {
  options = readOptions<AiSdkTelemetryOptions>(t, API, options, ['recordContent', 'metadata', 'maxOpenCalls'])
  const recordContent = options.recordContent === true
  const extra: Metadata = options.metadata ?? {}
  const maxCalls = options.maxOpenCalls ?? 10_000
  const report = createReportOnce(t, API)
  const calls = new Map<string, CallState>()

  const guard =
    <TEvent>(name: string, fn: (event: TEvent) => void) =>
    (event: TEvent): void => {
      try {
        fn(event)
      } catch (error) {
        report(`callback:${name}`, `${API}: ${name} failed: ${String(error)}`, { error })
      }
    }

  const stateOf = (event: AiSdkCallEvent): CallState | undefined => {
    const id = event?.callId
    if (typeof id !== 'string') {
      report('no_call_id', `${API}: an SDK event without callId was ignored`)
      return undefined
    }
    let state = calls.get(id)
    if (state === undefined) {
      if (calls.size >= maxCalls) {
        const [oldest, old] = calls.entries().next().value as [string, CallState]
        calls.delete(oldest)
        finish(old, new Error('abandoned: too many open generation calls'), 'abandoned')
        report('calls_full', `${API}: more than ${maxCalls} generation calls open; the oldest was ended`)
      }
      state = {
        parent: t.activeSpan(),
        llm: undefined,
        tools: new Map(),
        recordInputs: recordContent && event.recordInputs !== false,
        recordOutputs: recordContent && event.recordOutputs !== false,
      }
      calls.set(id, state)
    }
    return state
  }

  /** Fail whatever is still open in `state` (error, abort, eviction). */
  const finish = (state: CallState, error: unknown, errorType?: string) => {
    state.llm?.fail(error, errorType)
    for (const tool of state.tools.values()) tool.fail(error, errorType)
    state.tools.clear()
  }

  /**
   * Forget a call; spans still open end with the error `why()` makes. The error is made only then:
   * capturing a stack on every call's end cost more than the rest of the integration.
   */
  const close = (
    event: { callId?: string | undefined } | undefined,
    why: () => unknown,
    errorType?: string,
  ) => {
    const id = event?.callId
    const state = typeof id === 'string' ? calls.get(id) : undefined
    if (state === undefined || id === undefined) return
    calls.delete(id)
    if (state.llm !== undefined || state.tools.size > 0) finish(state, why(), errorType)
  }

  return {
    onStart: guard('onStart', (event: AiSdkCallEvent) => {
      stateOf(event)
    }),

    onLanguageModelCallStart: guard('onLanguageModelCallStart', (event: AiSdkModelCallStartEvent) => {
      const state = stateOf(event)
      if (state === undefined) return
      const model = event.modelId
      if (typeof model !== 'string' || model === '')
        report('no_model', `${API}: a model call without modelId`)
      const attributes = genAiAttributes({
        operation: genAiOperations.chat,
        provider: event.provider,
        model,
      })
      if (state.recordInputs) {
        const content = redactedContent(t, event.messages)
        if (content !== undefined) attributes[genAiAttributeNames.input_messages] = content
      }
      // A new call while one is open (a retry the SDK did not end) closes the old one.
      if (state.llm !== undefined)
        state.llm.fail(new Error('superseded by the next model call'), 'superseded')
      state.llm = startOperation(
        t,
        'dspex.llm.request',
        { ...extra, model, provider: event.provider, operation: genAiOperations.chat },
        {
          name: `${genAiOperations.chat} ${model ?? ''}`.trim(),
          kind: SpanKind.CLIENT,
          attributes,
          parent: state.parent,
        },
      )
    }),

    onLanguageModelCallEnd: guard('onLanguageModelCallEnd', (event: AiSdkModelCallEndEvent) => {
      const state = stateOf(event)
      const op = state?.llm
      if (state === undefined || op === undefined) return
      state.llm = undefined
      const measurements = callMeasurements(event.usage, event.performance)
      const finishReason = typeof event.finishReason === 'string' ? event.finishReason : undefined
      op.span.setAttributes(
        genAiAttributes({
          response_model: event.modelId,
          response_id: event.responseId,
          finish_reasons: finishReason === undefined ? undefined : [finishReason],
          input_tokens: numberOrUndefined(measurements.input_tokens),
          output_tokens: numberOrUndefined(measurements.output_tokens),
          cache_read_input_tokens: numberOrUndefined(measurements.cache_read_input_tokens),
          cache_write_input_tokens: numberOrUndefined(measurements.cache_write_input_tokens),
          reasoning_tokens: numberOrUndefined(measurements.reasoning_tokens),
        }),
      )
      if (state.recordOutputs) {
        const content = redactedContent(t, event.content)
        if (content !== undefined) op.span.setAttribute(genAiAttributeNames.output_messages, content)
      }
      op.end(measurements, {
        response_model: event.modelId,
        response_id: event.responseId,
        finish_reason: finishReason,
      })
    }),

    onToolExecutionStart: guard('onToolExecutionStart', (event: AiSdkToolEvent) => {
      const state = stateOf(event)
      const call = event.toolCall
      if (state === undefined || call === undefined) return
      const toolName = typeof call.toolName === 'string' ? call.toolName : 'unknown'
      const attributes = genAiAttributes({
        operation: genAiOperations.executeTool,
        tool_name: toolName,
        tool_call_id: call.toolCallId,
        tool_type: 'function',
      })
      if (state.recordInputs) {
        const content = redactedContent(t, call.input)
        if (content !== undefined) attributes[genAiAttributeNames.tool_call_arguments] = content
      }
      const op = startOperation(
        t,
        'dspex.tool.call',
        { ...extra, tool_name: toolName },
        {
          name: `${genAiOperations.executeTool} ${toolName}`,
          kind: SpanKind.INTERNAL,
          attributes,
          parent: state.parent,
        },
      )
      state.tools.set(String(call.toolCallId), op)
    }),

    onToolExecutionEnd: guard('onToolExecutionEnd', (event: AiSdkToolEvent) => {
      const state = stateOf(event)
      const key = String(event.toolCall?.toolCallId)
      const op = state?.tools.get(key)
      if (state === undefined || op === undefined) return
      state.tools.delete(key)
      const output = event.toolOutput
      if (output?.type === 'tool-error') {
        op.fail(output.error)
        return
      }
      if (state.recordOutputs) {
        const content = redactedContent(t, output?.output)
        if (content !== undefined) op.span.setAttribute(genAiAttributeNames.tool_call_result, content)
      }
      op.end({}, { success: true })
    }),

    onStepError: guard('onStepError', (event: AiSdkCallEvent & { error?: unknown }) => {
      const state = event?.callId === undefined ? undefined : calls.get(event.callId)
      if (state?.llm === undefined) return
      state.llm.fail(event.error)
      state.llm = undefined
    }),

    onError: guard('onError', (event: unknown) => {
      const e = event as { callId?: string; error?: unknown } | undefined
      close(e, () => (e !== null && typeof e === 'object' && 'error' in e ? e.error : event))
    }),

    onAbort: guard('onAbort', (event: AiSdkCallEvent & { reason?: unknown }) => {
      close(event, () => event?.reason ?? new Error('aborted'), 'aborted')
    }),

    onEnd: guard('onEnd', (event: AiSdkCallEvent) => {
      close(event, () => new Error('ended before its spans did'), 'incomplete')
    }),

    executeLanguageModelCall: (call) => {
      const span = calls.get(call.callId)?.llm?.span
      return span === undefined ? call.execute() : t.withContext(span, call.execute)
    },

    executeTool: (call) => {
      const span = calls.get(call.callId)?.tools.get(call.toolCallId)?.span
      return span === undefined ? call.execute() : t.withContext(span, call.execute)
    },
  }
}
