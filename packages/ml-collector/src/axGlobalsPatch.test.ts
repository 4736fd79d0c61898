import { type AxChatResponse, axEmitUsageEvent, axGlobals } from '@ax-llm/ax'
import { describe, expect, it } from 'vitest'
import { trappingObject as hostile } from '../../../tooling/testing/hostile.ts'
import { type AxGlobalsLike, AxGlobalsPatch } from './axGlobalsPatch.ts'

const observer = () => {}

describe('a change to axGlobals', () => {
  it('reads the fields it changes when created, so an axGlobals whose reads throw fails before any is set', () => {
    expect(() => new AxGlobalsPatch(hostile as never)).toThrow('hostile')
  })

  it('sets the observer, and the tracer and meter only when given', () => {
    const globals: AxGlobalsLike = { onUsage: undefined, tracer: 'ax tracer', meter: 'ax meter' }
    new AxGlobalsPatch(globals).apply({ onUsage: observer, tracer: 'ours' })
    expect(globals).toEqual({ onUsage: observer, tracer: 'ours', meter: 'ax meter' })
  })

  it('restores what it set, once, and keeps the observer that was there for chaining', () => {
    const before = () => {}
    const globals: AxGlobalsLike = { onUsage: before, tracer: 'ax tracer', meter: undefined }
    const patch = new AxGlobalsPatch(globals)
    expect(patch.previousOnUsage).toBe(before)
    patch.restore()
    expect(globals.onUsage).toBe(before)
    patch.apply({ onUsage: observer, tracer: 'ours', meter: 'our meter' })
    patch.restore()
    expect(globals).toEqual({ onUsage: before, tracer: 'ax tracer', meter: undefined })
    globals.tracer = 'set since'
    patch.restore()
    expect(globals.tracer).toBe('set since')
  })

  it('leaves an observer set since in place on restore', () => {
    const globals: AxGlobalsLike = { onUsage: undefined }
    const patch = new AxGlobalsPatch(globals)
    patch.apply({ onUsage: observer })
    const later = () => {}
    globals.onUsage = later
    patch.restore()
    expect(globals.onUsage).toBe(later)
  })

  it("routes Ax's own usage events to the observer while applied, and not after restore", () => {
    const seen: string[] = []
    const patch = new AxGlobalsPatch(axGlobals)
    patch.apply({ onUsage: (e: { model: string }) => void seen.push(e.model) })
    const response: AxChatResponse = {
      results: [{ index: 0, content: 'answer: Paris', finishReason: 'stop' }],
      modelUsage: {
        ai: 'openai',
        model: 'gpt-4o-mini',
        tokens: { promptTokens: 1, completionTokens: 1, totalTokens: 2 },
      },
    }
    axEmitUsageEvent('chat', response, undefined, false)
    patch.restore()
    axEmitUsageEvent('chat', response, undefined, false)
    expect(seen).toEqual(['gpt-4o-mini'])
    expect(axGlobals.onUsage).toBeUndefined()
  })
})
