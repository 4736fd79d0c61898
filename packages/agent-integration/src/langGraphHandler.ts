/**
 * The LangGraph.js adapter: a `@langchain/core` callback handler that turns a graph run into
 * Foundation spans (parentage from `runId` / `parentRunId`) and taxonomy events: graph nodes as
 * agent-layer tasks, tool runs as `dspex.tool.call`, model runs as `dspex.llm.request` with token
 * usage. LangChain's types are described structurally, so this loads without `@langchain/core`.
 */
import { describeError, type Metadata, type Telemetry } from '@foundation-telemetry/core'
import { reportDropped } from './problems.ts'
import { TracedOperation } from './tracedOperation.ts'
import { llmUsage } from './usage.ts'

/** What LangChain passes as the serialized runnable (`lc`, `id` path, optional `name`). */
export interface SerializedLike {
  readonly id?: readonly string[] | undefined
  readonly name?: string | undefined
}

/** The parts of LangChain's `LLMResult` the handler reads. */
export interface LLMResultLike {
  readonly generations?: ReadonlyArray<ReadonlyArray<object>> | undefined
  readonly llmOutput?: Record<string, unknown> | undefined
}

/** Options of `createLangGraphHandler`. */
export interface LangGraphHandlerOptions {
  /** `provider` of LLM requests when the model does not name one (`ls_provider`). Defaults to `langchain`. */
  provider?: string
  /** Runs followed at once; the oldest is ended and reported beyond it. Defaults to 10 000. */
  maxOpen?: number
}

const TOOL = 'dspex.tool.call'
const LLM = 'dspex.llm.request'
/** LangGraph's control-flow signals (an interrupt, a command to the parent graph), not failures. */
const CONTROL_FLOW = new Set(['GraphInterrupt', 'NodeInterrupt', 'ParentCommand', 'GraphBubbleUp'])

type RunKind = 'graph' | 'node' | 'chain' | 'tool' | 'llm'

interface Run {
  readonly kind: RunKind
  readonly operation: TracedOperation
  /** The graph node this run belongs to. */
  readonly node: string | undefined
}

/** See the module comment; its methods are exposed by `createLangGraphHandler`. */
export class LangGraphTelemetry {
  private readonly t: Telemetry
  private readonly provider: string
  private readonly maxOpen: number
  private readonly runs = new Map<string, Run>()
  private droppedReported = false

  constructor(t: Telemetry, options: LangGraphHandlerOptions = {}) {
    this.t = t
    this.provider = options.provider ?? 'langchain'
    this.maxOpen = options.maxOpen !== undefined && options.maxOpen > 0 ? options.maxOpen : 10_000
  }

  chainStart(
    chain: SerializedLike | undefined,
    runId: string,
    parentRunId: string | undefined,
    metadata: Record<string, unknown> | undefined,
    runName: string | undefined,
  ): void {
    const node = text(metadata?.langgraph_node)
    const name = runName ?? text(chain?.name) ?? last(chain?.id) ?? 'chain'
    const parent = parentRunId === undefined ? undefined : this.runs.get(parentRunId)
    if (parentRunId === undefined || parent === undefined) {
      // A top-level run (the graph's invoke): it nests under the span active where it started.
      this.open(runId, 'graph', new TracedOperation(this.t, 'langgraph.graph', { graph_name: name }), node)
      return
    }
    // LangGraph's own `__start__` and `__end__` steps are plumbing, not work of the graph.
    if (node !== undefined && name === node && !(node.startsWith('__') && node.endsWith('__'))) {
      const task: Metadata = { task_id: runId, task_type: node, agent_id: node }
      const operation = new TracedOperation(this.t, 'foundation_jido.task', task, {
        parent: parent.operation.span,
      })
      this.open(runId, 'node', operation, node)
      operation.emit('foundation_jido.task.started')
      return
    }
    const operation = new TracedOperation(
      this.t,
      'langgraph.chain',
      { chain_name: name },
      { parent: parent.operation.span },
    )
    this.open(runId, 'chain', operation, node ?? parent.node)
  }

  chainEnd(runId: string): void {
    const run = this.close(runId)
    if (run === undefined) return
    if (run.kind === 'node')
      run.operation.emit('foundation_jido.task.completed', { duration: run.operation.elapsed() })
    run.operation.end()
  }

  chainError(error: unknown, runId: string): void {
    const run = this.close(runId)
    if (run === undefined) return
    const controlFlow = CONTROL_FLOW.has(nameOf(error))
    if (run.kind === 'node') {
      const duration = run.operation.elapsed()
      if (controlFlow)
        run.operation.emit('foundation_jido.task.completed', { duration }, { result: 'interrupted' })
      else
        run.operation.emit(
          'foundation_jido.task.failed',
          { duration },
          { error: describeError(error).message },
        )
    }
    run.operation.end(controlFlow ? undefined : error)
  }

  modelStart(
    llm: SerializedLike | undefined,
    runId: string,
    parentRunId: string | undefined,
    extraParams: Record<string, unknown> | undefined,
    metadata: Record<string, unknown> | undefined,
    operationName: 'chat' | 'text_completion',
  ): void {
    const parent = parentRunId === undefined ? undefined : this.runs.get(parentRunId)
    const node = text(metadata?.langgraph_node) ?? parent?.node
    const invocation = record(extraParams?.invocation_params)
    const model =
      text(metadata?.ls_model_name) ??
      text(invocation?.model) ??
      text(invocation?.model_name) ??
      last(llm?.id) ??
      'unknown'
    const start: Metadata = {
      model,
      provider: text(metadata?.ls_provider) ?? this.provider,
      operation: operationName,
    }
    if (node !== undefined) start.agent_id = node
    const operation = new TracedOperation(this.t, LLM, start, { parent: parent?.operation.span })
    this.open(runId, 'llm', operation, node)
    operation.emitStart(LLM)
  }

  modelEnd(output: LLMResultLike | undefined, runId: string): void {
    const run = this.close(runId)
    if (run === undefined) return
    run.operation.succeed(LLM, 'stop', llmUsage(usageOf(output)), finishOf(output))
  }

  modelError(error: unknown, runId: string): void {
    this.close(runId)?.operation.fail(LLM, error)
  }

  toolStart(
    tool: SerializedLike | undefined,
    runId: string,
    parentRunId: string | undefined,
    metadata: Record<string, unknown> | undefined,
    runName: string | undefined,
    toolCallId: string | undefined,
  ): void {
    const parent = parentRunId === undefined ? undefined : this.runs.get(parentRunId)
    const node = text(metadata?.langgraph_node) ?? parent?.node
    const start: Metadata = { tool_name: runName ?? text(tool?.name) ?? last(tool?.id) ?? 'unknown' }
    if (node !== undefined) start.agent_id = node
    if (toolCallId !== undefined) start.tool_call_id = toolCallId
    const operation = new TracedOperation(this.t, TOOL, start, { parent: parent?.operation.span })
    this.open(runId, 'tool', operation, node)
    operation.emitStart(TOOL)
  }

  toolEnd(runId: string): void {
    this.close(runId)?.operation.succeed(TOOL, 'stop', {}, { success: true })
  }

  toolError(error: unknown, runId: string): void {
    this.close(runId)?.operation.fail(TOOL, error, { success: false })
  }

  /** Whether `runId` is a run followed now. */
  follows(runId: string | undefined): boolean {
    return runId !== undefined && this.runs.has(runId)
  }

  /** Runs followed now. */
  get openRuns(): number {
    return this.runs.size
  }

  private open(runId: string, kind: RunKind, operation: TracedOperation, node: string | undefined): void {
    if (this.runs.size >= this.maxOpen) {
      const first = this.runs.entries().next().value
      if (first !== undefined) {
        this.runs.delete(first[0])
        first[1].operation.end(new Error('never ended (too many open runs)'))
        if (!this.droppedReported) {
          this.droppedReported = true
          reportDropped(
            this.t,
            'langgraph',
            `more than ${this.maxOpen} LangChain runs open; the oldest was ended`,
          )
        }
      }
    }
    this.runs.set(runId, { kind, operation, node })
  }

  private close(runId: string): Run | undefined {
    const run = this.runs.get(runId)
    if (run !== undefined) this.runs.delete(runId)
    return run
  }
}

/**
 * Token usage of a model run: LangChain's `llmOutput.tokenUsage` (or `estimatedTokenUsage`), else
 * the first generation's message `usage_metadata`.
 */
function usageOf(output: LLMResultLike | undefined): Record<string, unknown> | undefined {
  const llmOutput = output?.llmOutput
  const fromOutput =
    record(llmOutput?.tokenUsage) ?? record(llmOutput?.estimatedTokenUsage) ?? record(llmOutput?.usage)
  if (fromOutput !== undefined) return fromOutput
  return record(record(record(output?.generations?.[0]?.[0])?.message)?.usage_metadata)
}

/** The first generation's finish reason and the model that answered, when reported. */
function finishOf(output: LLMResultLike | undefined): Metadata {
  const generation = record(output?.generations?.[0]?.[0])
  const info = record(generation?.generationInfo)
  const response = record(record(generation?.message)?.response_metadata)
  const out: Metadata = {}
  const reason = text(info?.finish_reason) ?? text(response?.finish_reason)
  const model = text(response?.model_name) ?? text(response?.model)
  if (reason !== undefined) out.finish_reason = reason
  if (model !== undefined) out.response_model = model
  return out
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

function last(path: readonly string[] | undefined): string | undefined {
  return Array.isArray(path) ? text(path[path.length - 1]) : undefined
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined
}

function nameOf(error: unknown): string {
  const name = record(error)?.name
  return typeof name === 'string' ? name : ''
}
