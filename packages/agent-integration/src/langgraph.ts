/**
 * `@foundation-telemetry/agent-integration/langgraph`: LangGraph.js (and any LangChain.js runnable)
 * as agent-layer and ML-layer telemetry, through a `@langchain/core` callback handler.
 *
 * @example
 * ```ts
 * import { createLangGraphHandler } from '@foundation-telemetry/agent-integration/langgraph'
 *
 * await graph.invoke(input, { callbacks: [createLangGraphHandler(t)] })
 * ```
 */

import type { Telemetry } from '@foundation-telemetry/core'
import { readOptions } from '@foundation-telemetry/core'
import {
  type LangGraphHandlerOptions,
  LangGraphTelemetry,
  type LLMResultLike,
  type SerializedLike,
} from './langGraphHandler.ts'
import { reportDropped } from './problems.ts'

export type { LangGraphHandlerOptions, LLMResultLike, SerializedLike } from './langGraphHandler.ts'

type Meta = Record<string, unknown> | undefined

/** The arguments of a run's end callback. */
type RunEnd<TOutput> = [output: TOutput, runId: string]
/** The arguments of a run's error callback. */
type RunError = [err: unknown, runId: string]
/** The arguments of a chat model's or an LLM's start callback (`TInput`: messages or prompts). */
type ModelStart<TInput> = [
  llm: SerializedLike,
  input: TInput,
  runId: string,
  parentRunId?: string,
  extraParams?: Meta,
  tags?: string[],
  metadata?: Meta,
]

/** The callback methods the handler implements, as `@langchain/core`'s `CallbackHandlerMethods` names them. */
export interface LangGraphCallbackHandler {
  /** Run the callbacks inline (not in LangChain's background queue), so events keep the caller's trace. */
  readonly awaitHandlers: true
  /**
   * `@langchain/core` 1.x declares `(chain, inputs, runId, runType, tags, metadata, runName,
   * parentRunId)` but calls `(chain, inputs, runId, parentRunId, tags, metadata, runType, runName)`;
   * the handler accepts either order.
   */
  handleChainStart(
    chain: SerializedLike,
    inputs: unknown,
    runId: string,
    fourth?: string,
    tags?: string[],
    metadata?: Meta,
    seventh?: string,
    eighth?: string,
  ): void
  handleChainEnd(...args: RunEnd<unknown>): void
  handleChainError(...args: RunError): void
  handleChatModelStart(...args: ModelStart<unknown>): void
  handleLLMStart(...args: ModelStart<string[]>): void
  handleLLMEnd(...args: RunEnd<LLMResultLike>): void
  handleLLMError(...args: RunError): void
  handleToolStart(
    tool: SerializedLike,
    input: string,
    runId: string,
    parentRunId?: string,
    tags?: string[],
    metadata?: Meta,
    runName?: string,
    toolCallId?: string,
  ): void
  handleToolEnd(...args: RunEnd<unknown>): void
  handleToolError(...args: RunError): void
}

/**
 * A callback handler for LangGraph.js: pass it in `config.callbacks` of `graph.invoke` / `stream`.
 * The graph run becomes a Foundation span under the span active where it starts, and every
 * LangChain run a child span keeping `runId` / `parentRunId` parentage. Events:
 *
 * - each graph node: a task (`foundation_jido.task.started` / `.completed` / `.failed`,
 *   `task_type` and `agent_id` the node name; an interrupt completes it);
 * - each tool run: `dspex.tool.call` `.start` / `.stop` / `.exception`;
 * - each chat model or LLM run: `dspex.llm.request` with the token usage it reported
 *   (`llmOutput.tokenUsage` or the message's `usage_metadata`).
 *
 * The handler never throws into LangChain; its own failures are reported through the telemetry's
 * error hook.
 */
export function createLangGraphHandler(
  t: Telemetry,
  options?: LangGraphHandlerOptions,
): LangGraphCallbackHandler {
  // The options are read once, here: a hostile options object is reported, and defaults used.
  const runs = new LangGraphTelemetry(
    t,
    readOptions<LangGraphHandlerOptions>(t, 'createLangGraphHandler', options, ['provider', 'maxOpen']),
  )
  const guard = (fn: () => void) => {
    try {
      fn()
    } catch (error) {
      reportDropped(t, 'langgraph', 'the LangGraph handler failed on a callback', { error })
    }
  }
  return {
    awaitHandlers: true,
    handleChainStart: (chain, _inputs, runId, fourth, _tags, metadata, seventh, eighth) =>
      guard(() => {
        // The called order puts the parent fourth and the name eighth; the declared order puts the
        // name seventh and the parent eighth. A parent is a run already followed.
        const calledOrder = runs.follows(fourth) || (fourth === undefined && !runs.follows(eighth))
        const parentRunId = calledOrder ? fourth : eighth
        const runName = calledOrder ? (eighth ?? seventh) : seventh
        runs.chainStart(chain, runId, parentRunId, metadata, runName)
      }),
    handleChainEnd: (_outputs, runId) => guard(() => runs.chainEnd(runId)),
    handleChainError: (err, runId) => guard(() => runs.chainError(err, runId)),
    handleChatModelStart: (llm, _messages, runId, parentRunId, extraParams, _tags, metadata) =>
      guard(() => runs.modelStart(llm, runId, parentRunId, extraParams, metadata, 'chat')),
    handleLLMStart: (llm, _prompts, runId, parentRunId, extraParams, _tags, metadata) =>
      guard(() => runs.modelStart(llm, runId, parentRunId, extraParams, metadata, 'text_completion')),
    handleLLMEnd: (output, runId) => guard(() => runs.modelEnd(output, runId)),
    handleLLMError: (err, runId) => guard(() => runs.modelError(err, runId)),
    handleToolStart: (tool, _input, runId, parentRunId, _tags, metadata, runName, toolCallId) =>
      guard(() => runs.toolStart(tool, runId, parentRunId, metadata, runName, toolCallId)),
    handleToolEnd: (_output, runId) => guard(() => runs.toolEnd(runId)),
    handleToolError: (err, runId) => guard(() => runs.toolError(err, runId)),
  }
}
