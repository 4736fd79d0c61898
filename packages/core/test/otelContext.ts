/** Test support: OpenTelemetry's async-hooks context manager, registered for one test file. */
import { context } from '@opentelemetry/api'
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks'
import { afterAll, beforeAll } from 'vitest'

/** Enable and register an AsyncLocalStorage context manager before the file's tests; disable it after. */
export function useOtelContextManager(): void {
  const contextManager = new AsyncLocalStorageContextManager()
  beforeAll(() => {
    contextManager.enable()
    context.setGlobalContextManager(contextManager)
  })
  afterAll(() => {
    context.disable()
  })
}
