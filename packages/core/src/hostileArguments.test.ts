import { describe, expect, it } from 'vitest'
import type { TelemetryError } from './errors.ts'
import { instrumentHttp } from './http/instrumentHttp.ts'
import type { HttpTelemetry } from './http/options.ts'
import { outcomeOf, outcomeReader } from './metrics/define.ts'
import { Sketch } from './metrics/sketch.ts'
import { createTelemetry } from './telemetry.ts'
import { isThenable } from './thenable.ts'

function revokedProxy(): object {
  const { proxy, revoke } = Proxy.revocable({}, {})
  revoke()
  return proxy
}

const trapping = new Proxy(
  {},
  {
    get() {
      throw new Error('trap')
    },
  },
)

describe('core functions given hostile arguments', () => {
  it('isThenable calls a revoked proxy a plain value', () => {
    expect(isThenable(revokedProxy())).toBe(false)
    expect(isThenable(Promise.resolve())).toBe(true)
  })

  it('new Sketch(null) and options with throwing getters fall back to the defaults', () => {
    for (const options of [null, trapping, revokedProxy()]) {
      const sketch = new Sketch(options as never)
      expect(sketch.relativeAccuracy).toBe(0.01)
      sketch.add(5)
      expect(sketch.count).toBe(1)
    }
  })

  it('outcomeOf and outcomeReader name no outcome for a non-string event and unreadable metadata', () => {
    expect(outcomeOf(undefined as never, undefined as never)).toBe('unknown')
    expect(outcomeReader({} as never)({})).toBe('unknown')
    expect(outcomeOf('llm.call.stop', trapping as never)).toBe('success')
    expect(outcomeOf('llm.call.stop', { success: false })).toBe('failure')
  })

  it('instrumentHttp with a hostile telemetry returns an inert stop function', () => {
    for (const telemetry of [[], trapping, revokedProxy(), null]) {
      const stop = instrumentHttp(telemetry as never, trapping as never)
      expect(() => stop()).not.toThrow()
    }
  })

  it('instrumentHttp reports options that cannot be read through the telemetry error hook', () => {
    const errors: TelemetryError[] = []
    const t = createTelemetry({ env: {}, onError: (error) => errors.push(error) })
    const stop = instrumentHttp(t as HttpTelemetry, trapping as never)
    stop()
    expect(errors.map((e) => e.code)).toEqual(['invalid_input'])
    expect(t.stats().invalid_input).toBeGreaterThan(0)
  })
})
