import { context } from '@opentelemetry/api'
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { otelContextManager } from './otelBridge.ts'
import { createTelemetry } from './telemetry.ts'

const KEY = Symbol.for('opentelemetry.js.api.1')
const registry = globalThis as Record<symbol, unknown>

afterEach(() => {
  delete registry[KEY]
})

describe('OpenTelemetry bridge', () => {
  it('keeps an empty registry slot (a fast lookup) that the OpenTelemetry API still registers into', () => {
    registry[KEY] = undefined
    const manager = new AsyncLocalStorageContextManager()
    expect(context.setGlobalContextManager(manager)).toBe(true)
    try {
      expect(otelContextManager()).toBe(manager)
    } finally {
      context.disable()
    }
    expect(otelContextManager()).toBeUndefined()
  })

  it('leaves the registry alone when the package loads; the first context read creates the empty slot', async () => {
    delete registry[KEY]
    vi.resetModules()
    const bridge = await import('./otelBridge.ts')
    await import('./index.ts')
    expect(KEY in registry).toBe(false)
    expect(bridge.otelContextManager()).toBeUndefined()
    expect(KEY in registry).toBe(true)
    expect(registry[KEY]).toBeUndefined()
  })

  it('finds no context manager when no SDK registered one', () => {
    expect(otelContextManager()).toBeUndefined()
    registry[KEY] = { version: '1.10.0' }
    expect(otelContextManager()).toBeUndefined()
  })

  it('touches nothing of OpenTelemetry beyond the registry lookup when nothing is registered', () => {
    const keys = new Set<string | symbol>()
    registry[KEY] = new Proxy(
      {},
      {
        get: (_target, key) => {
          keys.add(key)
          return undefined
        },
      },
    )
    const t = createTelemetry({ env: {} })
    t.attach('h', 'work.start', () => {})
    t.span('work', {}, () => t.startSpan('inner').end())
    expect([...keys]).toEqual(['context'])
  })

  it('enters the registered context manager when a span runs', () => {
    const entered: unknown[] = []
    const context = { getValue: () => undefined, setValue: () => context, deleteValue: () => context }
    registry[KEY] = {
      context: {
        active: () => context,
        with: (ctx: unknown, fn: (arg: unknown) => unknown, _this: unknown, arg: unknown) => {
          entered.push(ctx)
          return fn(arg)
        },
      },
    }
    const t = createTelemetry({ env: {} })
    expect(t.span('work', {}, () => 42)).toBe(42)
    expect(entered).toHaveLength(1)
  })
})
