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
