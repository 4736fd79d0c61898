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
import {
  type Attributes,
  type Measurements,
  type Metadata,
  readOptions,
  type Span,
  SpanKind,
  type Telemetry,
} from '@foundation-telemetry/core'
import { redactedContent } from './content.ts'
import { textOf } from './errorText.ts'
import {
  genAiAttributeNames,
  genAiOperations,
  genAiValue,
  putGenAiAttribute,
  setGenAiAttribute,
} from './genAiAttributes.ts'
import { OpenCalls } from './openCalls.ts'
import { type Operation, type OperationEvents, operationEvents, startOperation } from './operation.ts'
import { createReportOnce, type ReportOnce } from './reportOnce.ts'

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
const LLM_EVENT = 'dspex.llm.request'
const TOOL_EVENT = 'dspex.tool.call'

/** One generation call (a `generateText` or `streamText`) while it is open. */
class CallState {
  /** The caller's active span when the call started: the parent of its model and tool spans. */
  readonly parent: Span | undefined
  /** The model call in flight. */
  llm: Operation | undefined = undefined
  /** Tool executions in flight by tool call id; made on the first one (most calls have none). */
  tools: Map<string, Operation> | undefined = undefined
  readonly recordInputs: boolean
  readonly recordOutputs: boolean

  constructor(parent: Span | undefined, recordInputs: boolean, recordOutputs: boolean) {
    this.parent = parent
    this.recordInputs = recordInputs
    this.recordOutputs = recordOutputs
  }

  /** Fail whatever is still open (error, abort, eviction). */
  failOpen(error: unknown, errorType?: string): void {
    this.llm?.fail(error, errorType)
    this.llm = undefined
    if (this.tools === undefined) return
    for (const tool of this.tools.values()) tool.fail(error, errorType)
    this.tools.clear()
  }

  hasOpen(): boolean {
    return this.llm !== undefined || (this.tools !== undefined && this.tools.size > 0)
  }
}

/**
 * Measurements of one model call's usage and timing; absent values are left out. Each key is
 * written by name (a store by a computed key costs more on this path).
 */
function callMeasurements(
  usage: AiSdkUsage | undefined,
  performance: Readonly<Record<string, unknown>> | undefined,
): Measurements {
  const out: Measurements = {}
  if (usage !== undefined && usage !== null) {
    const { inputTokens, outputTokens, totalTokens } = usage
    if (typeof inputTokens === 'number') out.input_tokens = inputTokens
    if (typeof outputTokens === 'number') out.output_tokens = outputTokens
    if (typeof totalTokens === 'number') out.total_tokens = totalTokens
    const cacheRead = usage.inputTokenDetails?.cacheReadTokens
    const cacheWrite = usage.inputTokenDetails?.cacheWriteTokens
    const reasoning = usage.outputTokenDetails?.reasoningTokens
    if (typeof cacheRead === 'number') out.cache_read_input_tokens = cacheRead
    if (typeof cacheWrite === 'number') out.cache_write_input_tokens = cacheWrite
    if (typeof reasoning === 'number') out.reasoning_tokens = reasoning
  }
  if (performance !== undefined && performance !== null) {
    const firstChunk = performance.timeToFirstOutputMs
    const perChunk = (performance.timeBetweenOutputChunksMs as { avg?: unknown } | undefined)?.avg
    if (typeof firstChunk === 'number') out.time_to_first_chunk = firstChunk
    if (typeof perChunk === 'number') out.time_per_output_chunk = perChunk
  }
  return out
}

const OPERATION = genAiAttributeNames.operation
const PROVIDER = genAiAttributeNames.provider
const MODEL = genAiAttributeNames.model

/**
 * The GenAI attributes a model call's span starts with. Each key is stored at a site of its own:
 * one helper storing every key would be the slow, many-shaped kind of store.
 */
function modelCallAttributes(provider: unknown, model: unknown): Attributes {
  const attributes: Attributes = { [OPERATION]: genAiOperations.chat }
  const providerValue = genAiValue(provider)
  if (providerValue !== undefined) attributes[PROVIDER] = providerValue
  const modelValue = genAiValue(model)
  if (modelValue !== undefined) attributes[MODEL] = modelValue
  return attributes
}

/** The GenAI attributes a model call's end adds: response, finish reason, token usage. */
function setModelCallEndAttributes(
  span: Span,
  event: AiSdkModelCallEndEvent,
  finishReason: string | undefined,
  m: Measurements,
): void {
  setGenAiAttribute(span, 'response_model', event.modelId)
  setGenAiAttribute(span, 'response_id', event.responseId)
  // A fresh array: set as it is (setGenAiAttribute would copy it).
  if (finishReason !== undefined) span.setAttribute(genAiAttributeNames.finish_reasons, [finishReason])
  setGenAiAttribute(span, 'input_tokens', m.input_tokens)
  setGenAiAttribute(span, 'output_tokens', m.output_tokens)
  setGenAiAttribute(span, 'cache_read_input_tokens', m.cache_read_input_tokens)
  setGenAiAttribute(span, 'cache_write_input_tokens', m.cache_write_input_tokens)
  setGenAiAttribute(span, 'reasoning_tokens', m.reasoning_tokens)
}

/** The integration's settings, read once from its options. */
interface Settings {
  recordContent: boolean
  /** Metadata added to every event; undefined when there is none (no spread per call). */
  extra: Metadata | undefined
  maxCalls: number
}

function settingsOf(options: AiSdkTelemetryOptions): Settings {
  return {
    recordContent: options.recordContent === true,
    extra: options.metadata ?? undefined,
    maxCalls: options.maxOpenCalls ?? 10_000,
  }
}

/**
 * The open generation calls of one integration and what each SDK callback does to them. Event
 * handles are resolved on first use, so creating an integration touches nothing of `t`.
 */
class AiSdkCalls {
  private readonly t: Telemetry
  private readonly settings: Settings
  readonly report: ReportOnce
  private readonly calls = new OpenCalls<CallState>()
  private llmEvents: OperationEvents | undefined
  private toolEvents: OperationEvents | undefined

  constructor(t: Telemetry, settings: Settings) {
    this.t = t
    this.settings = settings
    this.report = createReportOnce(t, API)
  }

  /** The state of the event's call, made on its first event. */
  stateOf(event: AiSdkCallEvent): CallState | undefined {
    const id = event?.callId
    if (typeof id !== 'string') {
      this.report('no_call_id', `${API}: an SDK event without callId was ignored`)
      return undefined
    }
    const state = this.calls.get(id)
    return state ?? this.open(id, event)
  }

  private open(id: string, event: AiSdkCallEvent): CallState {
    const { calls, settings } = this
    if (calls.size >= settings.maxCalls) {
      calls.removeOldest()?.failOpen(new Error('abandoned: too many open generation calls'), 'abandoned')
      this.report(
        'calls_full',
        `${API}: more than ${settings.maxCalls} generation calls open; the oldest was ended`,
      )
    }
    const record = settings.recordContent
    const state = new CallState(
      this.t.activeSpan(),
      record && event.recordInputs !== false,
      record && event.recordOutputs !== false,
    )
    calls.add(id, state)
    return state
  }

  /** The open call `callId`, without making one. */
  find(callId: unknown): CallState | undefined {
    return typeof callId === 'string' ? this.calls.get(callId) : undefined
  }

  /**
   * Forget a call; spans still open end with the error `why()` makes. The error is made only then:
   * capturing a stack on every call's end cost more than the rest of the integration.
   */
  close(event: { callId?: string | undefined } | undefined, why: () => unknown, errorType?: string): void {
    const id = event?.callId
    const state = typeof id === 'string' ? this.calls.remove(id) : undefined
    if (state?.hasOpen() === true) state.failOpen(why(), errorType)
  }

  /** Metadata of an operation: the integration's own, then `fields`. */
  private metadata(fields: Metadata): Metadata {
    const extra = this.settings.extra
    return extra === undefined ? fields : { ...extra, ...fields }
  }

  modelCallStart(event: AiSdkModelCallStartEvent): void {
    const state = this.stateOf(event)
    if (state === undefined) return
    const t = this.t
    const model = event.modelId
    const provider = event.provider
    if (typeof model !== 'string' || model === '')
      this.report('no_model', `${API}: a model call without modelId`)
    const attributes = modelCallAttributes(provider, model)
    if (state.recordInputs) {
      const content = redactedContent(t, event.messages)
      if (content !== undefined) attributes[genAiAttributeNames.input_messages] = content
    }
    // A new call while one is open (a retry the SDK did not end) closes the old one.
    if (state.llm !== undefined) state.llm.fail(new Error('superseded by the next model call'), 'superseded')
    this.llmEvents ??= operationEvents(t, LLM_EVENT)
    state.llm = startOperation(
      t,
      this.llmEvents,
      this.metadata({ model, provider, operation: genAiOperations.chat }),
      {
        name: `${genAiOperations.chat} ${model ?? ''}`.trim(),
        kind: SpanKind.CLIENT,
        attributes,
        parent: state.parent,
      },
    )
  }

  modelCallEnd(event: AiSdkModelCallEndEvent): void {
    const state = this.stateOf(event)
    const op = state?.llm
    if (state === undefined || op === undefined) return
    state.llm = undefined
    const measurements = callMeasurements(event.usage, event.performance)
    const finishReason = typeof event.finishReason === 'string' ? event.finishReason : undefined
    setModelCallEndAttributes(op.span, event, finishReason, measurements)
    if (state.recordOutputs) {
      const content = redactedContent(this.t, event.content)
      if (content !== undefined) op.span.setAttribute(genAiAttributeNames.output_messages, content)
    }
    op.end(measurements, {
      response_model: event.modelId,
      response_id: event.responseId,
      finish_reason: finishReason,
    })
  }

  stepError(event: AiSdkCallEvent & { error?: unknown }): void {
    const state = this.find(event?.callId)
    if (state?.llm === undefined) return
    state.llm.fail(event.error)
    state.llm = undefined
  }

  toolStart(event: AiSdkToolEvent): void {
    const state = this.stateOf(event)
    const call = event.toolCall
    if (state === undefined || call === undefined) return
    const t = this.t
    const toolName = typeof call.toolName === 'string' ? call.toolName : 'unknown'
    const attributes: Attributes = {}
    putGenAiAttribute(attributes, 'operation', genAiOperations.executeTool)
    putGenAiAttribute(attributes, 'tool_name', toolName)
    putGenAiAttribute(attributes, 'tool_call_id', call.toolCallId)
    putGenAiAttribute(attributes, 'tool_type', 'function')
    if (state.recordInputs) {
      const content = redactedContent(t, call.input)
      if (content !== undefined) attributes[genAiAttributeNames.tool_call_arguments] = content
    }
    this.toolEvents ??= operationEvents(t, TOOL_EVENT)
    const op = startOperation(t, this.toolEvents, this.metadata({ tool_name: toolName }), {
      name: `${genAiOperations.executeTool} ${toolName}`,
      kind: SpanKind.INTERNAL,
      attributes,
      parent: state.parent,
    })
    state.tools ??= new Map()
    state.tools.set(String(call.toolCallId), op)
  }

  toolEnd(event: AiSdkToolEvent): void {
    const state = this.stateOf(event)
    const key = String(event.toolCall?.toolCallId)
    const op = state?.tools?.get(key)
    if (state === undefined || op === undefined) return
    state.tools?.delete(key)
    const output = event.toolOutput
    if (output?.type === 'tool-error') {
      op.fail(output.error)
      return
    }
    if (state.recordOutputs) {
      const content = redactedContent(this.t, output?.output)
      if (content !== undefined) op.span.setAttribute(genAiAttributeNames.tool_call_result, content)
    }
    op.end({}, { success: true })
  }

  /** Run `execute` with the model call's span active, when there is one. */
  inModelCall<TResult>(call: { callId: string; execute: () => PromiseLike<TResult> }): PromiseLike<TResult> {
    const span = this.find(call.callId)?.llm?.span
    return span === undefined ? call.execute() : this.t.withContext(span, call.execute)
  }

  /** Run `execute` with the tool's span active, when there is one. */
  inTool<TResult>(call: {
    callId: string
    toolCallId: string
    execute: () => PromiseLike<TResult>
  }): PromiseLike<TResult> {
    const span = this.find(call.callId)?.tools?.get(call.toolCallId)?.span
    return span === undefined ? call.execute() : this.t.withContext(span, call.execute)
  }
}

/** `fn` for an SDK callback: a failure is reported once per callback, never thrown into the SDK. */
function guarded<TEvent>(
  calls: AiSdkCalls,
  name: string,
  fn: (event: TEvent) => void,
): (event: TEvent) => void {
  return (event) => {
    try {
      fn(event)
    } catch (error) {
      calls.report(`callback:${name}`, `${API}: ${name} failed: ${textOf(error)}`, { error })
    }
  }
}

/** The SDK's callbacks over `calls`. */
function callbacksOf(calls: AiSdkCalls): AiSdkTelemetryIntegration {
  return {
    onStart: guarded(calls, 'onStart', (event: AiSdkCallEvent) => void calls.stateOf(event)),
    onLanguageModelCallStart: guarded(calls, 'onLanguageModelCallStart', (event: AiSdkModelCallStartEvent) =>
      calls.modelCallStart(event),
    ),
    onLanguageModelCallEnd: guarded(calls, 'onLanguageModelCallEnd', (event: AiSdkModelCallEndEvent) =>
      calls.modelCallEnd(event),
    ),
    onToolExecutionStart: guarded(calls, 'onToolExecutionStart', (event: AiSdkToolEvent) =>
      calls.toolStart(event),
    ),
    onToolExecutionEnd: guarded(calls, 'onToolExecutionEnd', (event: AiSdkToolEvent) => calls.toolEnd(event)),
    onStepError: guarded(calls, 'onStepError', (event: AiSdkCallEvent & { error?: unknown }) =>
      calls.stepError(event),
    ),
    onError: guarded(calls, 'onError', (event: unknown) => {
      const e = event as { callId?: string; error?: unknown } | undefined
      calls.close(e, () => (e !== null && typeof e === 'object' && 'error' in e ? e.error : event))
    }),
    onAbort: guarded(calls, 'onAbort', (event: AiSdkCallEvent & { reason?: unknown }) =>
      calls.close(event, () => event?.reason ?? new Error('aborted'), 'aborted'),
    ),
    onEnd: guarded(calls, 'onEnd', (event: AiSdkCallEvent) =>
      calls.close(event, () => new Error('ended before its spans did'), 'incomplete'),
    ),
    executeLanguageModelCall: (call) => calls.inModelCall(call),
    executeTool: (call) => calls.inTool(call),
  }
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
  const read = readOptions<AiSdkTelemetryOptions>(t, API, options, [
    'recordContent',
    'metadata',
    'maxOpenCalls',
  ])
  return callbacksOf(new AiSdkCalls(t, settingsOf(read)))
}
