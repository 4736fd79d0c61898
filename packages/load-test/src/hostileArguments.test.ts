import { describe, expect, it } from 'vitest'
import { trappingObject as trapping } from '../../../tooling/testing/hostile.ts'
import { formatDuration } from './duration.ts'
import { renderHtmlReport } from './htmlReport.ts'
import { createHttpClient, HttpStatusError } from './http.ts'
import { LoadTestConfigError } from './loadTestError.ts'
import { runLoadTest } from './runLoadTest.ts'
import { runSimple } from './runSimple.ts'
import { LoadTestSetupError } from './setupError.ts'
import { renderTextReport } from './textReport.ts'
import { parseThreshold } from './threshold.ts'

const unprintable = {
  toString() {
    throw new Error('no text')
  },
}

describe('load-test functions given hostile arguments', () => {
  it('parseThreshold returns the threshold, or the error naming the field, and never throws', () => {
    const good = parseThreshold('p95<5ms', 'thresholds[0]')
    expect(good.ok && good.threshold.statistic).toEqual({ kind: 'quantile', q: 0.95 })
    const bad = parseThreshold('a.a.a', 'thresholds[1]')
    expect(bad.ok).toBe(false)
    if (!bad.ok) {
      expect(bad.error).toBeInstanceOf(LoadTestConfigError)
      expect(bad.error.field).toBe('thresholds[1]')
    }
    const hostile = parseThreshold(trapping)
    expect(hostile.ok ? undefined : hostile.error.field).toBe('threshold')
  })

  it('runSimple and runLoadTest reject unreadable options with a LoadTestConfigError', async () => {
    await expect(runSimple(() => {}, trapping as never)).rejects.toMatchObject({ field: 'options' })
    await expect(runLoadTest(trapping as never)).rejects.toBeInstanceOf(LoadTestConfigError)
  })

  it('unreadable options are named once, with the reason they could not be read', async () => {
    const said = 'options: could not be read (hostile: trap)'
    await expect(runSimple(() => {}, trapping as never)).rejects.toThrow(said)
    await expect(runLoadTest(trapping as never)).rejects.toThrow(said)
    const executor = { type: 'constant-vus', vus: 1, duration: trapping }
    const options = { scenarios: [{ name: 'a', run: () => {} }], executor }
    await expect(runLoadTest(options as never)).rejects.toThrow(said)
  })

  it('the renderers explain a value that is not a report instead of throwing', () => {
    expect(renderTextReport({} as never)).toMatch(/^invalid load-test report: /)
    expect(renderTextReport(trapping as never, trapping as never)).toBe(
      'invalid load-test report: hostile: trap',
    )
    expect(renderHtmlReport(null as never)).toContain('invalid load-test report')
  })

  it('formatDuration prints a placeholder for a value that is not a number', () => {
    expect(formatDuration(unprintable as never)).toBe('-')
    expect(formatDuration(1500)).toBe('1.5s')
  })

  it('the error classes accept values that cannot be printed', () => {
    expect(new LoadTestConfigError(Symbol('x') as never, unprintable as never).message).toBe('Symbol(x): ?')
    expect(new LoadTestSetupError('s', undefined as never).message).toBe(
      'scenarios.s.setup failed: unknown error',
    )
    expect(new HttpStatusError(trapping as never, 'GET', '/').code).toBe('HTTP_NaN')
  })

  it('createHttpClient with an unusable baseUrl returns a client whose requests reject', async () => {
    const http = createHttpClient({ baseUrl: -1 } as never)
    await expect(http.get('/')).rejects.toMatchObject({ field: 'baseUrl' })
    await http.close()
  })
})
