/**
 * A hostile argument for the "never throws" tests: an object whose every property read and key
 * listing throws, as a caller's broken Proxy would. The entry point under test must report it
 * through the error hook (or fall back to its defaults) instead of throwing.
 */
export const trappingObject: object = new Proxy(
  {},
  {
    get() {
      throw new Error('hostile: trap')
    },
    ownKeys() {
      throw new Error('hostile: trap')
    },
  },
)

/**
 * What an `async` callback that fails returns: a rejected promise whose rejection handlers are
 * recorded in `handlers` as they are attached, so a test sees at once whether the code that called
 * the callback handled the rejection (an unhandled one would end the host process).
 */
export function watchedRejection(error: unknown): { promise: Promise<never>; handlers: unknown[] } {
  const handlers: unknown[] = []
  const promise = Promise.reject(error)
  Object.defineProperty(promise, 'then', {
    value(onFulfilled?: (value: unknown) => unknown, onRejected?: (reason: unknown) => unknown) {
      handlers.push(onRejected)
      return Promise.prototype.then.call(promise, onFulfilled, onRejected)
    },
  })
  return { promise, handlers }
}
