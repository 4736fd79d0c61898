import { createTelemetry } from '@foundation-telemetry/core'
import { describe, expect, it } from 'vitest'
import { TailCounts } from './tailCounts.ts'

const KEPT_BY_ERROR = { policy: 'error', traceState: null }
const KEPT_BY_LATENCY = { policy: 'latency', traceState: null }

describe('TailCounts', () => {
  it('counts kept traces by policy, dropped traces, early decisions and late spans', () => {
    const counts = new TailCounts(undefined, () => 0)
    counts.decided(KEPT_BY_ERROR, 3, false)
    counts.decided(KEPT_BY_ERROR, 1, true)
    counts.decided(KEPT_BY_LATENCY, 2, false)
    counts.decided(undefined, 4, true)
    counts.lateSpan(true)
    counts.lateSpan(false)
    counts.lateSpan(false)
    expect(counts.stats(7, 1234)).toEqual({
      bufferedTraces: 7,
      bufferedBytes: 1234,
      kept: { error: 2, latency: 1 },
      dropped: 1,
      earlyDecisions: 2,
      lateSpans: { kept: 1, dropped: 2 },
    })
  })

  it('hands out copies: a caller changing its stats does not change the counts', () => {
    const counts = new TailCounts(undefined, () => 0)
    counts.decided(KEPT_BY_ERROR, 1, false)
    const first = counts.stats(0, 0)
    first.kept.error = 99
    first.lateSpans.kept = 99
    expect(counts.stats(0, 0)).toMatchObject({ kept: { error: 1 }, lateSpans: { kept: 0 } })
  })

  it('records the telemetry.tail_sampler metrics, spans by decision and lateness, and reads the buffer bytes at collection', () => {
    const t = createTelemetry({ service: 'tail' })
    let bytes = 10
    const counts = new TailCounts(t, () => bytes)
    counts.decided(KEPT_BY_ERROR, 3, true)
    counts.decided(undefined, 2, false)
    counts.lateSpan(true)
    bytes = 42
    const metrics = t.metrics.collect()
    const series = (name: string) =>
      (metrics.find((m) => m.name === `telemetry.tail_sampler.${name}`)?.series ?? [])
        .map((s) => [s.tags, s.value])
        .sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)))
    expect(series('traces')).toEqual([
      [{ decision: 'dropped', policy: 'probabilistic' }, 1],
      [{ decision: 'kept', policy: 'error' }, 1],
    ])
    expect(series('spans')).toEqual([
      [{ decision: 'dropped', late: 'false' }, 2],
      [{ decision: 'kept', late: 'false' }, 3],
      [{ decision: 'kept', late: 'true' }, 1],
    ])
    expect(series('early_decisions')).toEqual([[{}, 1]])
    expect(series('buffer_bytes')).toEqual([[{}, 42]])
  })
})
