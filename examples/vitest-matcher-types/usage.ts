// A test file as users write it with the README's setup: the matchers are registered (and their
// types loaded) by the setup file; this file never imports the testing package itself.
import { expect } from 'vitest'

export const pending: Promise<void> = expect(() => {}).toEmitTelemetry('foundation.cache.hit', {
  metadata: { cache: 'prompts' },
})
