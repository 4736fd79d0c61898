/**
 * Shutdown against a fault-injecting receiver: a pending shutdown keeps the process alive through
 * a retry wait until the data is delivered, and a deadline that passes reports what was lost.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { runFixture } from './support/child.ts'
import { type Fault, type HttpReceiver, startHttpReceiver } from './support/receivers.ts'

let receiver: HttpReceiver | undefined
afterEach(async () => {
  await receiver?.close()
  receiver = undefined
})

describe('OTLP shutdown in a process with nothing else to do', () => {
  it('waits out a 503 with Retry-After and delivers the spans before the process exits', async () => {
    receiver = await startHttpReceiver(
      (n): Fault =>
        n === 0 ? { kind: 'status', status: 503, retryAfter: '1' } : { kind: 'status', status: 200 },
    )
    const result = await runFixture('otlpShutdown', [receiver.url, '30000'])
    expect(result.stderr).toBe('')
    expect(receiver.requests.map((r) => r.path)).toEqual(['/v1/traces', '/v1/traces'])
    expect(result.stdout).toContain('shutdown complete []')
    expect(result.code).toBe(0)
  })

  it('retries a reset connection during shutdown and delivers', async () => {
    receiver = await startHttpReceiver(
      (n): Fault => (n === 0 ? { kind: 'reset' } : { kind: 'status', status: 200 }),
    )
    const result = await runFixture('otlpShutdown', [receiver.url, '30000'])
    expect(receiver.requests).toHaveLength(2)
    expect(result.stdout).toContain('shutdown complete []')
  })

  it('gives up at the export deadline against a receiver that never answers, and reports the loss', async () => {
    receiver = await startHttpReceiver(() => ({ kind: 'hang' }))
    const result = await runFixture('otlpShutdown', [receiver.url, '300'])
    expect(result.stdout).toMatch(/shutdown complete \["export_failure: OTLP traces export failed/)
    expect(result.code).toBe(0)
  })
})
