/**
 * OpenTelemetry's `HrTime` (`[seconds, nanoseconds]`) from our epoch or duration milliseconds.
 * The split keeps sub-millisecond digits that a single float of epoch nanoseconds would lose.
 */
export type HrTime = [seconds: number, nanoseconds: number]

/** `[seconds, nanoseconds]` for `ms` milliseconds (epoch time or a duration); never negative. */
export function msToHrTime(ms: number): HrTime {
  if (!Number.isFinite(ms) || ms <= 0) return [0, 0]
  const seconds = Math.floor(ms / 1000)
  let nanos = Math.round((ms - seconds * 1000) * 1e6)
  if (nanos >= 1e9) return [seconds + 1, nanos - 1e9]
  if (nanos < 0) nanos = 0
  return [seconds, nanos]
}
