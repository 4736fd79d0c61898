import { AsyncLocalStorage } from 'node:async_hooks'
import { otelContextManager } from './otelBridge.ts'
import type { Span } from './types.ts'

const STORE_KEY = Symbol.for('foundation-telemetry.context')

/** The process's one context store, and whether any span was ever made active through it. */
interface SharedContext {
  readonly store: AsyncLocalStorage<Span | undefined>
  entered: boolean
}

const registry = globalThis as Record<symbol, SharedContext | undefined>
const found = registry[STORE_KEY]
// Anything else under the key (an unpublished build that stored the bare store) is replaced.
const shared: SharedContext =
  found !== undefined && found.store instanceof AsyncLocalStorage
    ? found
    : { store: new AsyncLocalStorage<Span | undefined>(), entered: false }
registry[STORE_KEY] = shared

/**
 * The one async context store of the process: it lives on `globalThis` so that the ESM and CJS
 * builds (and several copies of the package) share the active span. It holds the active span
 * itself: entering a span is one `run`, reading it is one `getStore`. Enter spans through
 * {@link runWithSpan} and {@link enterSpan}, read through {@link storedSpan}.
 */
const contextStore: AsyncLocalStorage<Span | undefined> = shared.store

/**
 * The span active in the current async context, if any. Costs one property read until a span was
 * first made active in this process: every handled event and every new span reads it.
 */
export function storedSpan(): Span | undefined {
  return shared.entered ? contextStore.getStore() : undefined
}

/** Run `fn(...args)` with `span` as the active span of everything it does, synchronously or later. */
export function runWithSpan<TArgs extends unknown[], TResult>(
  span: Span | undefined,
  fn: (...args: TArgs) => TResult,
  ...args: TArgs
): TResult {
  shared.entered = true
  return contextStore.run(span, fn, ...args)
}

/**
 * Make `span` the active span of the rest of the current execution and everything it starts (an
 * incoming request's handler runs right after the message that started its span).
 */
export function enterSpan(span: Span): void {
  shared.entered = true
  contextStore.enterWith(span)
}

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
