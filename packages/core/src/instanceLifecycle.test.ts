import { describe, expect, it } from 'vitest'
import { createInstanceLifecycle } from './instanceLifecycle.ts'

/** A lifecycle over recording parts; `log` lists every call in order. */
function setup() {
  const log: string[] = []
  const part = (name: string) => ({
    forceFlush: async () => void log.push(`${name}.flush`),
    shutdown: async () => void log.push(`${name}.shutdown`),
  })
  const lifecycle = createInstanceLifecycle({
    tracer: part('tracer'),
    logs: part('logs'),
    stopMetrics: () => log.push('metrics.stop'),
    disconnectSampler: () => log.push('sampler.disconnect'),
  })
  return { lifecycle, log }
}

describe('instance lifecycle', () => {
  it('forceFlush flushes the span and log processors and shuts nothing down', async () => {
    const { lifecycle, log } = setup()
    await lifecycle.forceFlush()
    expect(log).toEqual(['tracer.flush', 'logs.flush'])
  })

  it('shutdown stops metrics and the sampler, flushes, then shuts the processors down', async () => {
    const { lifecycle, log } = setup()
    await lifecycle.shutdown()
    expect(log).toEqual([
      'metrics.stop',
      'sampler.disconnect',
      'tracer.flush',
      'logs.flush',
      'tracer.shutdown',
      'logs.shutdown',
    ])
  })

  it('shutdown runs once: every later call gets the same promise and does nothing more', async () => {
    const { lifecycle, log } = setup()
    const first = lifecycle.shutdown()
    expect(lifecycle.shutdown()).toBe(first)
    await first
    await lifecycle.shutdown()
    expect(log.filter((call) => call === 'metrics.stop')).toHaveLength(1)
    expect(log.filter((call) => call === 'tracer.shutdown')).toHaveLength(1)
  })

  it('flush and shutdown work detached from the object, as t.forceFlush and t.shutdown are passed around', async () => {
    const { lifecycle, log } = setup()
    const { forceFlush, shutdown } = lifecycle
    await forceFlush()
    await shutdown()
    expect(log).toContain('tracer.shutdown')
  })
})
