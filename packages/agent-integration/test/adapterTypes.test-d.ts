import { createTelemetry } from '@foundation-telemetry/core'
import type { CallbackHandlerMethods } from '@langchain/core/callbacks/base'
import type { Callbacks } from '@langchain/core/callbacks/manager'
import type { TracingProcessor } from '@openai/agents'
import { expectTypeOf, test } from 'vitest'
import { createLangGraphHandler } from '../src/langgraph.ts'
import { instrumentOpenAIAgents } from '../src/openai-agents.ts'

const t = createTelemetry()

test('the LangGraph handler is a @langchain/core callback handler', () => {
  expectTypeOf(createLangGraphHandler(t)).toExtend<CallbackHandlerMethods>()
  const callbacks: Callbacks = [createLangGraphHandler(t)]
  expectTypeOf(callbacks).toExtend<Callbacks>()
})

test('the OpenAI Agents processor is an @openai/agents TracingProcessor', () => {
  expectTypeOf(instrumentOpenAIAgents(t)).toExtend<TracingProcessor>()
})
