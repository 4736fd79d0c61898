/**
 * The OpenAI Agents SDK adapter: a tracing processor that turns the SDK's traces and spans into
 * Foundation spans in the current trace, and its agent, handoff, tool and model spans into the
 * taxonomy's events. The SDK's types are described structurally here, so this module loads and
 * type-checks without `@openai/agents` installed.
 */
import type { Metadata, Telemetry } from '@foundation-telemetry/core'
import { reportDropped } from './problems.ts'
import { TracedOperation } from './tracedOperation.ts'
import { llmUsage } from './usage.ts'

/** The parts of an SDK trace the processor reads. */
export interface AgentsTraceLike {
  readonly traceId: string
  readonly name?: string
}

/** The parts of an SDK span the processor reads. */
export interface AgentsSpanLike {
  readonly traceId: string
  readonly spanId: string
  readonly parentId: string | null
  readonly spanData: { readonly type: string; readonly [key: string]: unknown }
  readonly error: { readonly message: string; readonly data?: Record<string, unknown> } | null
}

/** A tracing processor as the SDK's `addTraceProcessor` and `setTraceProcessors` take it. */
export interface AgentsTracingProcessor {
  onTraceStart(trace: AgentsTraceLike): Promise<void>
  onTraceEnd(trace: AgentsTraceLike): Promise<void>
  onSpanStart(span: AgentsSpanLike): Promise<void>
  onSpanEnd(span: AgentsSpanLike): Promise<void>
  shutdown(timeout?: number): Promise<void>
  forceFlush(): Promise<void>
}

/** Options of `instrumentOpenAIAgents`. */
export interface OpenAIAgentsOptions {
  /** `provider` of the LLM request events (`gen_ai.provider.name`). Defaults to `openai`. */
  provider?: string
  /** The `agent_type` tag of an agent, from its name. Defaults to the name itself. */
  agentType?: (agentName: string) => string
  /** SDK spans and traces followed at once; the oldest is ended and reported beyond it. Defaults to 10 000. */
  maxOpen?: number
}

const TOOL = 'dspex.tool.call'
const LLM = 'dspex.llm.request'
const SESSION = 'foundation_jido.coordination.session'

interface TraceState {
  readonly root: TracedOperation
  readonly name: string
  /** The handoff session, opened by the trace's first handoff. */
  session: TracedOperation | undefined
  messages: number
  failed: boolean
}

interface SpanState {
  readonly operation: TracedOperation
  readonly type: string
  /** The agent this span runs under (the nearest agent span). */
  readonly agent: string | undefined
  readonly trace: TraceState | undefined
}

/** See the module comment; created by `instrumentOpenAIAgents`. */
export class OpenAIAgentsProcessor implements AgentsTracingProcessor {
  private readonly t: Telemetry
  private readonly provider: string
  private readonly agentType: (name: string) => string
  private readonly maxOpen: number
  private readonly traces = new Map<string, TraceState>()
  private readonly spans = new Map<string, SpanState>()
  private droppedReported = false

  constructor(t: Telemetry, options: OpenAIAgentsOptions = {}) {
    this.t = t
    this.provider = options.provider ?? 'openai'
    this.agentType = options.agentType ?? ((name) => name)
    this.maxOpen = options.maxOpen !== undefined && options.maxOpen > 0 ? options.maxOpen : 10_000
  }

  onTraceStart(trace: AgentsTraceLike): Promise<void> {
    this.guard('onTraceStart', () => {
      this.bound(this.traces)
      const name = typeof trace.name === 'string' && trace.name !== '' ? trace.name : 'Agent workflow'
      // The span active where the run starts (a request's span) becomes the workflow's parent.
      const root = new TracedOperation(this.t, 'openai_agents.workflow', {
        workflow_name: name,
        'openai_agents.trace_id': trace.traceId,
      })
      this.traces.set(trace.traceId, { root, name, session: undefined, messages: 0, failed: false })
    })
    return Promise.resolve()
  }

  onTraceEnd(trace: AgentsTraceLike): Promise<void> {
    this.guard('onTraceEnd', () => {
      const state = this.traces.get(trace.traceId)
      if (state === undefined) return
      this.traces.delete(trace.traceId)
      if (state.session !== undefined) {
        state.session.succeed(SESSION, 'complete', { messages: state.messages }, { success: !state.failed })
      }
      state.root.end()
    })
    return Promise.resolve()
  }

  onSpanStart(span: AgentsSpanLike): Promise<void> {
    this.guard('onSpanStart', () => this.started(span))
    return Promise.resolve()
  }

  onSpanEnd(span: AgentsSpanLike): Promise<void> {
    this.guard('onSpanEnd', () => this.ended(span))
    return Promise.resolve()
  }

  shutdown(): Promise<void> {
    return Promise.resolve()
  }

  forceFlush(): Promise<void> {
    return Promise.resolve()
  }

  private started(span: AgentsSpanLike): void {
    this.bound(this.spans)
    const trace = this.traces.get(span.traceId)
    const parentState = span.parentId === null ? undefined : this.spans.get(span.parentId)
    const parent = parentState?.operation.span ?? trace?.root.span
    const data = span.spanData
    const type = data.type
    let agent = parentState?.agent
    let name = `openai_agents.${type}`
    let metadata: Metadata = {}
    if (type === 'agent') {
      agent = text(data.name) ?? 'agent'
      name = 'foundation_jido.task'
      metadata = {
        task_id: span.spanId,
        task_type: trace?.name ?? 'Agent workflow',
        agent_id: agent,
        agent_type: this.agentType(agent),
      }
    } else if (type === 'function') {
      name = TOOL
      metadata = withAgent({ tool_name: text(data.name) ?? 'unknown' }, agent)
    } else if (type === 'generation' || type === 'response') {
      name = LLM
      metadata = withAgent(
        { model: modelOf(data) ?? 'unknown', provider: this.provider, operation: 'chat' },
        agent,
      )
    }
    const operation = new TracedOperation(this.t, name, metadata, {
      parent: parent ?? undefined,
    })
    operation.span.setAttribute('openai_agents.span_id', span.spanId)
    this.spans.set(span.spanId, { operation, type, agent, trace })
    if (type === 'agent') {
      this.emitAgent('foundation_jido.agent.started', operation, metadata)
      operation.emit('foundation_jido.task.started')
    } else if (name === TOOL || name === LLM) {
      operation.emitStart(name)
    }
  }

  private ended(span: AgentsSpanLike): void {
    const state = this.spans.get(span.spanId)
    if (state === undefined) return
    this.spans.delete(span.spanId)
    const { operation, type, trace } = state
    const error =
      span.error === null || span.error === undefined ? undefined : new AgentsSpanError(span.error)
    if (error !== undefined && trace !== undefined) trace.failed = true
    const data = span.spanData
    switch (type) {
      case 'agent': {
        const duration = operation.elapsed()
        if (error === undefined) operation.emit('foundation_jido.task.completed', { duration })
        else operation.emit('foundation_jido.task.failed', { duration }, { error: error.message })
        this.emitAgent('foundation_jido.agent.stopped', operation, operation.metadata)
        operation.end(error)
        return
      }
      case 'function':
        if (error === undefined) operation.succeed(TOOL, 'stop', {}, { success: true })
        else operation.fail(TOOL, error, { success: false })
        return
      case 'generation':
      case 'response': {
        const model = modelOf(data)
        const extra: Metadata = model === undefined ? {} : { model, response_model: model }
        if (error === undefined) operation.succeed(LLM, 'stop', llmUsage(usageOf(data)), extra)
        else operation.fail(LLM, error, extra)
        return
      }
      case 'handoff':
        this.handoff(state, data)
        operation.end(error)
        return
      default:
        operation.end(error)
    }
  }

  /** A handoff is a coordination message between two agents of the trace's handoff session. */
  private handoff(state: SpanState, data: AgentsSpanLike['spanData']): void {
    const trace = state.trace
    const from = text(data.from_agent) ?? state.agent
    const to = text(data.to_agent)
    if (trace === undefined || from === undefined || to === undefined) return
    if (trace.session === undefined) {
      trace.session = new TracedOperation(
        this.t,
        SESSION,
        { session_id: trace.root.ids.trace_id as string, coordination_type: 'handoff' },
        { parent: trace.root.span },
      )
      trace.session.emitStart(SESSION)
    }
    trace.messages++
    trace.session.emit(
      `${SESSION}.message`,
      { duration: state.operation.elapsed() },
      { from, to, type: 'handoff', direction: 'sent' },
    )
  }

  private emitAgent(event: string, operation: TracedOperation, metadata: Metadata): void {
    operation.emit(event, {}, { agent_id: metadata.agent_id, agent_type: metadata.agent_type })
  }

  /** Keep `map` under `maxOpen`: the oldest entry's span is ended and the drop reported once. */
  private bound(map: Map<string, TraceState | SpanState>): void {
    if (map.size < this.maxOpen) return
    const first = map.entries().next().value
    if (first === undefined) return
    const [key, state] = first
    map.delete(key)
    const operation = 'root' in state ? state.root : state.operation
    operation.end(new Error('never ended (too many open spans)'))
    if (this.droppedReported) return
    this.droppedReported = true
    reportDropped(
      this.t,
      'openai-agents',
      `more than ${this.maxOpen} SDK spans or traces open; the oldest was ended`,
    )
  }

  private guard(phase: string, fn: () => void): void {
    try {
      fn()
    } catch (error) {
      reportDropped(this.t, 'openai-agents', `the OpenAI Agents processor failed in ${phase}`, { error })
    }
  }
}

/** An SDK span error as an Error, so it is described like any other. */
class AgentsSpanError extends Error {
  override readonly name = 'AgentsSpanError'
  readonly data: Record<string, unknown> | undefined

  constructor(error: { message: string; data?: Record<string, unknown> }) {
    super(typeof error.message === 'string' ? error.message : 'agent span error')
    this.data = error.data
  }
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

function withAgent(metadata: Metadata, agent: string | undefined): Metadata {
  if (agent !== undefined) metadata.agent_id = agent
  return metadata
}

/** The model of a generation span, or of a response span's response. */
function modelOf(data: AgentsSpanLike['spanData']): string | undefined {
  return text(data.model) ?? text(record(data._response)?.model)
}

/**
 * Token usage of a generation or response span: the span's own `usage`, else the usage of the
 * response it recorded (a chat completion's `output[0].usage`, a response's `_response.usage`).
 */
function usageOf(data: AgentsSpanLike['spanData']): Record<string, unknown> | undefined {
  const output = Array.isArray(data.output) ? record(data.output[0]) : undefined
  return record(data.usage) ?? record(output?.usage) ?? record(record(data._response)?.usage)
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined
}
