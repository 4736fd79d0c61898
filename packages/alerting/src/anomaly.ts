/**
 * Online anomaly detectors in constant memory per series. EWMA: a point is anomalous when it
 * lies more than `k` exponentially weighted standard deviations from the exponentially weighted
 * mean. MAD: the modified z-score 0.6745 (x - median) / MAD over a streaming median and MAD,
 * anomalous above 3.5 (Iglewicz and Hoaglin); when the MAD is 0 the mean absolute deviation
 * stands in. Both feed a {@link FlapGuard} so a single spike does not flap the state.
 */
import { FlapGuard, type FlapGuardOptions, type FlapVerdict } from './flapGuard.ts'
import { guarded } from './guard.ts'

/** What a detector says about one point. */
export interface AnomalyResult {
  value: number
  /** The detector's centre (EWMA mean, or median). */
  expected: number
  lower: number
  upper: number
  /** Distance from the centre in the detector's units (z or modified z). */
  score: number
  /** This point alone is outside the band. */
  anomalous: boolean
  /** The debounced state. */
  state: 'normal' | 'anomalous'
  /** The state changed at this point. */
  changed: boolean
}

/** A detector for one series. */
export interface AnomalyDetector {
  /** Feed one value (non-finite values are ignored and reported as not anomalous). */
  update(value: number): AnomalyResult
  readonly state: 'normal' | 'anomalous'
}

/** Options of {@link createEwmaDetector}. */
export interface EwmaDetectorOptions extends FlapGuardOptions {
  /** Smoothing weight of the newest point, 0 < lambda <= 1. Defaults to 0.2. */
  lambda?: number
  /** Band width in standard deviations. Defaults to 3. */
  k?: number
  /** Points learned before judging. Defaults to 10. */
  warmup?: number
}

/**
 * An EWMA detector.
 *
 * @example
 * ```ts
 * const detector = createEwmaDetector({ k: 3, triggerWindow: 5, triggerFraction: 0.6 })
 * const { state } = detector.update(latencyMs)
 * ```
 */
export function createEwmaDetector(options: EwmaDetectorOptions = {}): AnomalyDetector {
  return guarded(
    'createEwmaDetector',
    options,
    () => {
      const lambda =
        options.lambda !== undefined && options.lambda > 0 && options.lambda <= 1 ? options.lambda : 0.2
      const k = options.k ?? 3
      const warmup = Math.max(2, options.warmup ?? 10)
      const guard = new FlapGuard(options)
      let mean = 0
      let variance = 0
      let n = 0
      return {
        get state() {
          return guard.state
        },
        update(value) {
          if (!Number.isFinite(value)) return idle(value, mean, guard)
          n++
          if (n === 1) {
            mean = value
            return idle(value, mean, guard)
          }
          const sd = Math.sqrt(variance)
          const judged = n > warmup
          const score = scoreOf(value, mean, sd)
          const anomalous = judged && score > k
          // Anomalous points are clamped to the band before learning, so one outage does not widen it.
          const learned = anomalous ? mean + Math.sign(value - mean) * k * sd : value
          const diff = learned - mean
          mean += lambda * diff
          variance = (1 - lambda) * (variance + lambda * diff * diff)
          const verdict = judged ? guard.push(anomalous) : { state: guard.state, changed: false }
          return banded(value, mean, k * sd, score, anomalous, verdict)
        },
      }
    },
    () => createEwmaDetector(),
  )
}

/** Options of {@link createMadDetector}. */
export interface MadDetectorOptions extends FlapGuardOptions {
  /** Modified z-score above which a point is anomalous. Defaults to 3.5. */
  threshold?: number
  /** Points kept to seed the median and MAD exactly. Defaults to 15. */
  warmup?: number
  /** Step size of the streaming estimates, as a share of the spread. Defaults to 0.02. */
  rate?: number
}

/**
 * A MAD (median absolute deviation) detector, robust to the outliers it looks for.
 *
 * @example
 * ```ts
 * const detector = createMadDetector({ threshold: 3.5 })
 * if (detector.update(queueDepth).changed) notify()
 * ```
 */
export function createMadDetector(options: MadDetectorOptions = {}): AnomalyDetector {
  return guarded(
    'createMadDetector',
    options,
    () => {
      const threshold = options.threshold ?? 3.5
      const warmup = Math.max(3, Math.floor(options.warmup ?? 15))
      const rate = options.rate !== undefined && options.rate > 0 ? options.rate : 0.02
      const guard = new FlapGuard(options)
      const seed = new Float64Array(warmup)
      let n = 0
      let median = 0
      let mad = 0
      let meanAbs = 0
      return {
        get state() {
          return guard.state
        },
        update(value) {
          if (!Number.isFinite(value)) return idle(value, median, guard)
          if (n < warmup) {
            seed[n++] = value
            if (n === warmup) {
              median = medianOf(seed)
              mad = medianOf(seed.map((x) => Math.abs(x - median)))
              let total = 0
              for (const x of seed) total += Math.abs(x - median)
              meanAbs = total / warmup
            }
            return idle(value, median, guard)
          }
          n++
          // Modified z from the MAD; the mean absolute deviation (scaled to match) when the MAD is 0.
          const scale = mad > 0 ? mad / 0.6745 : meanAbs * 1.253314
          const score = scoreOf(value, median, scale)
          const anomalous = score > threshold
          // Frugal streaming estimates: each point nudges the median and MAD toward itself by a step
          // proportional to the spread, so memory stays constant.
          const step = rate * Math.max(scale, Math.abs(median) * 1e-6, Number.MIN_VALUE)
          median += value > median ? step : value < median ? -step : 0
          const deviation = Math.abs(value - median)
          mad = Math.max(0, mad + (deviation > mad ? step : deviation < mad ? -step : 0))
          // Outliers are capped at the band so they do not inflate the fallback spread.
          meanAbs += 0.05 * ((scale > 0 ? Math.min(deviation, threshold * scale) : deviation) - meanAbs)
          return banded(value, median, threshold * scale, score, anomalous, guard.push(anomalous))
        },
      }
    },
    () => createMadDetector(),
  )
}

/** How far `value` lies from `centre` in units of `scale`; off a zero scale, 0 or infinitely far. */
function scoreOf(value: number, centre: number, scale: number): number {
  return scale > 0 ? Math.abs(value - centre) / scale : value === centre ? 0 : Number.POSITIVE_INFINITY
}

/** The result for a judged point: the band is `centre` ± `halfWidth`. */
function banded(
  value: number,
  centre: number,
  halfWidth: number,
  score: number,
  anomalous: boolean,
  verdict: FlapVerdict,
): AnomalyResult {
  return {
    value,
    expected: centre,
    lower: centre - halfWidth,
    upper: centre + halfWidth,
    score,
    anomalous,
    ...verdict,
  }
}

function idle(value: number, expected: number, guard: FlapGuard): AnomalyResult {
  return {
    value,
    expected,
    lower: Number.NaN,
    upper: Number.NaN,
    score: 0,
    anomalous: false,
    state: guard.state,
    changed: false,
  }
}

function medianOf(values: ArrayLike<number>): number {
  const sorted = Array.from(values).sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}
