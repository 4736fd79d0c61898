/**
 * Durations as Prometheus writes them (`30s`, `5m`, `1h30m`, `3d`, `250ms`), so a rule reads the
 * same in process and in a Prometheus rule file.
 */

import { guarded } from './guard.ts'
import type { Duration } from './types.ts'

const units: ReadonlyArray<readonly [string, number]> = [
  ['y', 365 * 86_400_000],
  ['w', 7 * 86_400_000],
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1000],
  ['ms', 1],
]

const pattern = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/

/**
 * Milliseconds of a duration (a number of ms, or a Prometheus duration string), or undefined
 * when it is not one (negative, non-finite, empty or malformed).
 */
export function parseDuration(duration: Duration | undefined): number | undefined {
  if (typeof duration === 'number') return Number.isFinite(duration) && duration >= 0 ? duration : undefined
  if (typeof duration !== 'string' || duration === '') return undefined
  const match = pattern.exec(duration)
  if (match === null) return undefined
  let ms = 0
  for (let i = 0; i < units.length; i++) {
    const digits = match[i + 1]
    if (digits !== undefined) ms += Number(digits) * units[i]![1]
  }
  return ms
}

/** A whole number of ms as a Prometheus duration (`90000` -> `1m30s`, `0` -> `0s`). */
export function formatDuration(ms: number): string {
  return guarded(
    'formatDuration',
    undefined,
    () => {
      let rest = Math.max(0, Math.round(ms))
      if (rest === 0) return '0s'
      let out = ''
      for (const [unit, size] of units) {
        // Years and weeks read poorly in rule files; days are the largest unit written.
        if (unit === 'y' || unit === 'w') continue
        const n = Math.floor(rest / size)
        if (n > 0) {
          out += `${n}${unit}`
          rest -= n * size
        }
      }
      return out
    },
    () => '0s',
  )
}
