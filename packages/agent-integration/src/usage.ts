import { finite } from './problems.ts'

/** Token counts of an LLM request, as `dspex.llm.request.stop` measurements (`input_tokens`, `output_tokens`, `total_tokens`). */
export type LlmUsage = Record<string, number>

/**
 * Read token usage in any of the spellings agent frameworks report it: OpenAI's Responses
 * (`input_tokens`, `output_tokens`) and Chat Completions (`prompt_tokens`, `completion_tokens`),
 * LangChain's (`promptTokens`, `completionTokens`, `totalTokens`), and camel-case
 * `inputTokens` / `outputTokens`. The total is the sum when not reported.
 */
export function llmUsage(usage: Record<string, unknown> | undefined): LlmUsage {
  if (usage === undefined) return {}
  const input =
    finite(usage.input_tokens) ??
    finite(usage.prompt_tokens) ??
    finite(usage.promptTokens) ??
    finite(usage.inputTokens)
  const output =
    finite(usage.output_tokens) ??
    finite(usage.completion_tokens) ??
    finite(usage.completionTokens) ??
    finite(usage.outputTokens)
  const total =
    finite(usage.total_tokens) ??
    finite(usage.totalTokens) ??
    (input !== undefined && output !== undefined ? input + output : undefined)
  const out: LlmUsage = {}
  if (input !== undefined) out.input_tokens = input
  if (output !== undefined) out.output_tokens = output
  if (total !== undefined) out.total_tokens = total
  return out
}
