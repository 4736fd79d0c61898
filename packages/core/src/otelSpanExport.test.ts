import { describe, expect, it } from 'vitest'
import { callEach, createOtelSpanBridge, safeCall } from './otelSpanExport.ts'
import { createTelemetry } from './telemetry.ts'

describe('callEach', () => {
  it('calls every target even when one throws, then rethrows the first failure', () => {
    const called: number[] = []
    const first = new Error('first')
    expect(() =>
      callEach([1, 2, 3], (n) => {
        called.push(n)
        if (n === 1) throw first
        if (n === 2) throw new Error('second')
      }),
    ).toThrow(first)
    expect(called).toEqual([1, 2, 3])
  })

  it('returns quietly when no target throws', () => {
    expect(() => callEach(['a'], () => {})).not.toThrow()
  })
})

describe('safeCall', () => {
  it('turns a synchronous throw into a rejected promise', async () => {
    const result = safeCall(() => {
      throw new Error('sync')
    })
    await expect(result).rejects.toThrow('sync')
  })

  it('passes a returned promise or undefined through', () => {
    const promise = Promise.resolve()
    expect(safeCall(() => promise)).toBe(promise)
    expect(safeCall(() => undefined)).toBeUndefined()
  })
})

describe('createOtelSpanBridge', () => {
  it('a processor whose flush or shutdown throws or rejects is reported, and the others still run', async () => {
    const t = createTelemetry({ env: {} })
    const calls: string[] = []
    const failing = {
      onEnd() {},
      forceFlush: () => {
        throw new Error('flush')
      },
      shutdown: () => Promise.reject(new Error('shutdown')),
    }
    const working = {
      onEnd() {},
      forceFlush: async () => void calls.push('flush'),
      shutdown: async () => void calls.push('shutdown'),
    }
    const bridge = createOtelSpanBridge({ spanProcessors: [failing, working], telemetry: t })
    await bridge.forceFlush()
    await bridge.shutdown()
    expect(calls).toEqual(['flush', 'shutdown'])
    expect(t.stats().export_failure).toBe(2)
  })

  it('shows only the four span processor methods as own keys, each working detached', async () => {
    const ended: unknown[] = []
    const processor = {
      onEnd: (span: unknown) => ended.push(span),
      forceFlush: async () => {},
      shutdown: async () => {},
    }
    const bridge = createOtelSpanBridge({ spanProcessors: [processor] })
    expect(Object.keys(bridge)).toEqual(['onStart', 'onEnd', 'forceFlush', 'shutdown'])
    const t = createTelemetry({ env: {} })
    const { onStart, onEnd, forceFlush, shutdown } = bridge
    t.addSpanProcessor({ onStart, onEnd, forceFlush, shutdown })
    t.startSpan('detached').end()
    await forceFlush()
    expect(ended).toHaveLength(1)
  })

  it('options that throw when read give a bridge to nothing, not an exception', async () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('no')
        },
      },
    )
    const bridge = createOtelSpanBridge(hostile)
    const t = createTelemetry({ env: {} })
    t.addSpanProcessor(bridge)
    expect(() => t.startSpan('s').end()).not.toThrow()
    await expect(bridge.shutdown()).resolves.toBeUndefined()
  })
})
