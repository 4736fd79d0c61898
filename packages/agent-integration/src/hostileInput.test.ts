import { createTelemetry, type Telemetry, type TelemetryError } from '@foundation-telemetry/core'
import { describe, expect, it } from 'vitest'
import { trappingObject as hostile } from '../../../tooling/testing/hostile.ts'
import { attachAgentCollector } from './collector.ts'
import { createAgentInstrumentation } from './instrumentation.ts'
import { jainIndex } from './jainIndex.ts'

describe('entry points on hostile arguments', () => {
  it('attachAgentCollector reports a telemetry object that throws and returns a collector that does nothing', () => {
    const errors: TelemetryError[] = []
    const t = createTelemetry({ env: {}, onError: (e) => errors.push(e) })
    // A stand-in whose reportError works but whose other members throw when read.
    const broken = new Proxy(t, {
      get(target, key) {
        if (key === 'reportError') return target.reportError.bind(target)
        throw new Error('hostile: trap')
      },
    }) as Telemetry
    const collector = attachAgentCollector(broken)
    expect(errors.map((e) => e.details.api)).toContain('attachAgentCollector')
    expect(collector.kpis()['foundation_jido.agents.active_count']).toEqual([])
    expect(() => collector.detach()).not.toThrow()
  })

  it('createAgentInstrumentation uses the defaults when the options cannot be read, and reports it', () => {
    const errors: TelemetryError[] = []
    const t = createTelemetry({ env: {}, onError: (e) => errors.push(e) })
    expect(createAgentInstrumentation(t, null as never).openHandles).toBe(0)
    const agents = createAgentInstrumentation(t, hostile)
    expect(errors.map((e) => e.details.api)).toContain('agentInstrumentation')
    expect(agents.openSession({ type: 'consensus' }).id).toBeTypeOf('string')
  })

  it('jainIndex is NaN for values it cannot iterate', () => {
    expect(jainIndex(Number.POSITIVE_INFINITY as never)).toBeNaN()
    expect(jainIndex(hostile as never)).toBeNaN()
  })
})
