import { createTelemetry, type TelemetryError } from '@foundation-telemetry/core'
import { describe, expect, it } from 'vitest'
import { trappingObject as hostile } from '../../../tooling/testing/hostile.ts'
import { instrumentCockatiel } from './cockatiel.ts'
import { attachFoundationCollector } from './collector.ts'
import { instrumentOpossum } from './opossum.ts'

describe('entry points on hostile arguments', () => {
  it('instrumentOpossum reports a breaker whose reads throw and returns a dispose that does nothing', () => {
    const errors: TelemetryError[] = []
    const t = createTelemetry({ env: {}, onError: (e) => errors.push(e) })
    const dispose = instrumentOpossum(t, hostile as never, { name: 'payments' })
    expect(errors.map((e) => e.details.api)).toContain('instrumentOpossum')
    expect(() => dispose()).not.toThrow()
  })

  it('instrumentCockatiel reports a policy whose reads throw', () => {
    const errors: TelemetryError[] = []
    const t = createTelemetry({ env: {}, onError: (e) => errors.push(e) })
    expect(() => instrumentCockatiel(t, hostile as never, { name: 'payments' })()).not.toThrow()
    expect(errors.map((e) => e.details.api)).toContain('instrumentCockatiel')
  })

  it('attachFoundationCollector reports options it cannot read and still collects with the defaults', () => {
    const errors: TelemetryError[] = []
    const t = createTelemetry({ env: {}, onError: (e) => errors.push(e) })
    const collector = attachFoundationCollector(t, hostile as never)
    expect(errors.map((e) => e.details.api)).toContain('attachFoundationCollector')
    expect(collector.kpis().activeConnections).toBe(0)
    collector.detach()
  })
})
