import { AsyncLocalStorage } from 'node:async_hooks'
import { otelContextManager } from './otelBridge.ts'
import type { Span } from './types.ts'

const STORE_KEY = Symbol.for('foundation-telemetry.context')

const registry = globalThis as Record<symbol, AsyncLocalStorage<Span | undefined> | undefined>
const shared = registry[STORE_KEY] ?? new AsyncLocalStorage<Span | undefined>()
registry[STORE_KEY] = shared

/**
 * The one async context store of the process: it lives on `globalThis` so that the ESM and CJS
 * builds (and several copies of the package) share the active span. It holds the active span
 * itself: entering a span is one `run`, reading it is one `getStore`.
 */
export const contextStore: AsyncLocalStorage<Span | undefined> = shared

/**
 * Bind `fn` to the current async context (and OpenTelemetry's, when an SDK registered one): wherever it is called later (an EventEmitter listener,
 * a callback queue), it runs with the span that was active here.
 */
export function bindContext<TFn extends (...args: never[]) => unknown>(fn: TFn): TFn {
  if (typeof fn !== 'function') return fn
  try {
    return bindWith(fn)
  } catch {
    // A function whose properties throw (a Proxy) cannot be bound; called as is, it still runs.
    return fn
  }
}

function bindWith<TFn extends (...args: never[]) => unknown>(fn: TFn): TFn {
  const manager = otelContextManager()
  if (manager === undefined) return AsyncLocalStorage.bind(fn)
  // AsyncLocalStorage.bind already captures an ALS-based OpenTelemetry context manager; other
  // managers keep their own state, so capture theirs too, or an OTel span active where the bound
  // function is called would shadow the span active here.
  const otelContext = manager.active()
  return AsyncLocalStorage.bind(function (this: unknown, ...args: Parameters<TFn>) {
    return manager.with(otelContext, fn as (...a: Parameters<TFn>) => ReturnType<TFn>, this, ...args)
  }) as unknown as TFn
}
