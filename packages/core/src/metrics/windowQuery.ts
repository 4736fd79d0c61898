/**
 * Answers `windowStats` and `windowRatio`. Rings are attached on demand: asking about one
 * existing series starts a ring on that series; asking without tags starts one on every series
 * of the instrument (and on series created later). A query never creates a series: one that does
 * not exist answers empty, so reads cannot use up the cardinality limit. A ring only knows what
 * happened after it started, so the first answer for a new window is empty; declare `windows` on
 * the instrument to keep them from creation.
 */
import { TelemetryErrorCode } from '../errors.ts'
import type { AnyInstrument } from './collect.ts'
import type { EngineContext } from './engineContext.ts'
import type { Instrument } from './instrument.ts'
import { WindowAccumulator } from './rollingWindow.ts'
import type { Tags, WindowStats } from './types.ts'

/** Distinct window lengths one instrument (or series) may keep. */
export const MAX_WINDOWS = 8

/**
 * Statistics of `instrument` over the last `window` ms, for the series `tags` names or, with
 * no tags, every series merged. Undefined when the window is invalid or too many are kept.
 */
export function queryWindow(
  ctx: EngineContext,
  instrument: AnyInstrument,
  window: number,
  tags: Tags | undefined,
): WindowStats | undefined {
  if (!(typeof window === 'number' && window > 0 && window < Number.POSITIVE_INFINITY)) {
    ctx.report(
      TelemetryErrorCode.INVALID_INPUT,
      `windowStats(${instrument.name}): window must be a positive number of ms`,
      {
        metric: instrument.name,
        window,
      },
    )
    return undefined
  }
  const now = ctx.clock.now()
  const acc = new WindowAccumulator()
  // One instrument kind at a time is all this code touches; the union only blocks the calls.
  const inst = instrument as unknown as Instrument<unknown>
  if (tags === undefined) {
    if (!inst.windows.includes(window)) {
      if (inst.windows.length >= MAX_WINDOWS) return tooMany(ctx, inst.name, window)
      inst.windows.push(window)
      inst.table.forEach((s) => {
        if (inst.ringOf(s, window) === undefined) inst.attachRing(s, inst.newRing(window, now))
      })
    }
    inst.table.forEach((s) => {
      inst.ringOf(s, window)?.accumulate(acc, now)
    })
  } else {
    const series = inst.table.find(tags)
    if (series === undefined) return toStats(acc, window, false)
    let ring = inst.ringOf(series, window)
    if (ring === undefined) {
      if (inst.ringCount(series) >= MAX_WINDOWS) return tooMany(ctx, inst.name, window)
      ring = inst.newRing(window, now)
      inst.attachRing(series, ring)
    }
    ring.accumulate(acc, now)
  }
  return toStats(acc, window, instrument.kind === 'counter' || instrument.kind === 'updowncounter')
}

function tooMany(ctx: EngineContext, name: string, window: number): undefined {
  ctx.report(
    TelemetryErrorCode.INVALID_INPUT,
    `windowStats(${name}): at most ${MAX_WINDOWS} window lengths per series`,
    {
      metric: name,
      window,
    },
  )
  return undefined
}

function toStats(acc: WindowAccumulator, window: number, perSum: boolean): WindowStats {
  const count = acc.count
  const sum = acc.total()
  // A ring younger than the window has only seen part of it: divide by what it covered.
  const seconds = Math.max(Math.min(window, acc.covered), window / 60) / 1000
  const empty = count === 0
  return {
    rate: (perSum ? sum : count) / seconds,
    sum,
    count,
    mean: empty ? Number.NaN : sum / count,
    min: empty ? Number.NaN : acc.min,
    max: empty ? Number.NaN : acc.max,
    quantile: (q: number) => acc.quantile(q),
  }
}
