import { createManualClock, createTelemetry } from '@foundation-telemetry/core'
import { assertTelemetryEvent, waitForCondition, waitForTelemetryEvent } from '@foundation-telemetry/testing'
import { describe, expect, it } from 'vitest'

// These waits end on real time by design (the feature under test is the real-time backstop), so
// their timeouts are a few milliseconds.
describe('a helper on a manual clock that never advances', () => {
  it('still fails with its full seen / closest message, and says the clock stood still', async () => {
    const clock = createManualClock(1_000)
    const t = createTelemetry({ env: {}, clock })
    const error = await assertTelemetryEvent(
      t,
      'foundation.cache.miss',
      { metadata: { cache: 'prompts' } },
      () => t.execute('foundation.cache.miss', {}, { cache: 'embeddings', reason: 'not_found' }),
      { timeout: 20 },
    ).catch((e: unknown) => e as Error)
    expect(error).toBeInstanceOf(Error)
    const message = (error as Error).message
    expect(message).toContain('expected telemetry event foundation.cache.miss')
    expect(message).toContain('embeddings')
    expect(message).toContain('never reached the deadline')
    expect(message).toContain('stood at 1000')
  })

  it('waitForCondition and waitForTelemetryEvent end the same way', async () => {
    const t = createTelemetry({ env: {}, clock: createManualClock() })
    await expect(waitForCondition(() => false, { telemetry: t, timeout: 5 })).rejects.toThrow(
      /condition not met within 5 ms[\s\S]*never reached the deadline/,
    )
    await expect(waitForTelemetryEvent(t, 'foundation.cache.hit', undefined, { timeout: 5 })).rejects.toThrow(
      /never reached the deadline/,
    )
  })

  it('times out on the clock, without the note, when the test advances it', async () => {
    const clock = createManualClock()
    const t = createTelemetry({ env: {}, clock })
    const waiting = waitForTelemetryEvent(t, 'foundation.cache.hit', undefined, { timeout: 60_000 })
    clock.advance(60_000)
    const error = await waiting.catch((e: unknown) => e as Error)
    expect((error as Error).message).toContain('foundation.cache.hit')
    expect((error as Error).message).not.toContain('real time')
  })
})
