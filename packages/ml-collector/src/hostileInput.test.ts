import { createTelemetry, type TelemetryError } from '@foundation-telemetry/core'
import { describe, expect, it } from 'vitest'
import { trappingObject as hostile } from '../../../tooling/testing/hostile.ts'
import { instrumentAx } from './ax.ts'
import { genAiAttributes } from './genAiAttributes.ts'
import { attachMlCollector } from './mlCollector.ts'
import { costOf } from './prices.ts'

describe('entry points on hostile arguments', () => {
  it('instrumentAx reports axGlobals whose reads throw and returns hooks that do nothing', async () => {
    const errors: TelemetryError[] = []
    const t = createTelemetry({ env: {}, onError: (e) => errors.push(e) })
    const ax = instrumentAx(t, { axGlobals: hostile as never })
    expect(errors.map((e) => e.details.api)).toContain('instrumentAx')
    expect(() => ax.optimizerArgs().onProgress({} as never)).not.toThrow()
    await expect(ax.optimize({ program_id: 'qa' }, async () => 42)).resolves.toBe(42)
    ax.detach()
  })

  it('attachMlCollector on something that is not a telemetry returns a collector that does nothing', () => {
    const collector = attachMlCollector({} as never)
    expect(Object.values(collector.kpis()).every((v) => v === undefined)).toBe(true)
    expect(() => collector.detach()).not.toThrow()
  })

  it('costOf is NaN and genAiAttributes empty for input they cannot read', () => {
    expect(costOf(undefined as never, undefined as never)).toBeNaN()
    expect(genAiAttributes(hostile as never)).toEqual({})
  })
})
