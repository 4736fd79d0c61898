/**
 * The one table from this package's field names to OpenTelemetry GenAI semantic-convention
 * attribute names (semconv v1.41, the last release that held the GenAI conventions in the main
 * repository). These names still move between releases, so every adapter reads them from here
 * and nowhere else: a rename is one line.
 */
export const genAiAttributeNames = {
  operation: 'gen_ai.operation.name',
  provider: 'gen_ai.provider.name',
  model: 'gen_ai.request.model',
  response_model: 'gen_ai.response.model',
  response_id: 'gen_ai.response.id',
  finish_reasons: 'gen_ai.response.finish_reasons',
  input_tokens: 'gen_ai.usage.input_tokens',
  output_tokens: 'gen_ai.usage.output_tokens',
  cache_read_input_tokens: 'gen_ai.usage.cache_read.input_tokens',
  cache_write_input_tokens: 'gen_ai.usage.cache_creation.input_tokens',
  // Not in v1.41; the name the newer GenAI conventions give reasoning tokens.
  reasoning_tokens: 'gen_ai.usage.reasoning.output_tokens',
  error_type: 'error.type',
  tool_name: 'gen_ai.tool.name',
  tool_call_id: 'gen_ai.tool.call.id',
  tool_type: 'gen_ai.tool.type',
  input_messages: 'gen_ai.input.messages',
  output_messages: 'gen_ai.output.messages',
  tool_call_arguments: 'gen_ai.tool.call.arguments',
  tool_call_result: 'gen_ai.tool.call.result',
} as const

/** A field this package maps to a GenAI attribute. */
export type GenAiField = keyof typeof genAiAttributeNames

/** GenAI operation names used by the adapters (semconv `gen_ai.operation.name` values). */
export const genAiOperations = {
  chat: 'chat',
  embeddings: 'embeddings',
  executeTool: 'execute_tool',
} as const

type AttributeRecord = Record<string, string | number | boolean | string[]>

/**
 * `value` as a GenAI attribute value: undefined for undefined, null or a non-finite number (left
 * out, as {@link genAiAttributes} leaves them out); arrays are copied.
 */
export function genAiValue(value: unknown): string | number | boolean | string[] | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value === 'number' && !Number.isFinite(value)) return undefined
  return Array.isArray(value) ? [...value] : (value as string)
}

/** `value` under `field`'s GenAI name in `out`, unless {@link genAiValue} leaves it out. */
export function putGenAiAttribute(out: Record<string, unknown>, field: GenAiField, value: unknown): void {
  const v = genAiValue(value)
  if (v !== undefined) out[genAiAttributeNames[field]] = v
}

/** {@link putGenAiAttribute} straight onto a span: no attributes object in between. */
export function setGenAiAttribute(
  span: { setAttribute(key: string, value: string | number | boolean | string[]): unknown },
  field: GenAiField,
  value: unknown,
): void {
  const v = genAiValue(value)
  if (v !== undefined) span.setAttribute(genAiAttributeNames[field], v)
}

/**
 * Span attributes for the given fields, under their GenAI names. Fields that are undefined,
 * null or non-finite numbers are left out, and so is everything once `fields` cannot be read.
 */
export function genAiAttributes(
  fields: Partial<Record<GenAiField, string | number | boolean | readonly string[] | undefined | null>>,
): Record<string, string | number | boolean | string[]> {
  const out: AttributeRecord = {}
  try {
    for (const key in fields) putGenAiAttribute(out, key as GenAiField, fields[key as GenAiField])
  } catch {
    // Fields that cannot be read (a throwing getter or proxy) are left out with the rest.
  }
  return out
}
