/**
 * Anti-flap for anomaly detectors, in the manner of fractional trigger and recovery windows: the
 * state turns anomalous when at least `triggerFraction` of the last `triggerWindow` points were
 * anomalous, and back to normal only when at most `recoveryFraction` of the last `recoveryWindow`
 * points were. Memory is one bit per point of the longer window, fixed when created.
 */

/** Trigger and recovery windows. */
export interface FlapGuardOptions {
  /** Points the trigger looks at. Defaults to 5. */
  triggerWindow?: number
  /** Share of anomalous points that triggers. Defaults to 0.6. */
  triggerFraction?: number
  /** Points recovery looks at. Defaults to 5. */
  recoveryWindow?: number
  /** Share of anomalous points still allowed for recovery. Defaults to 0. */
  recoveryFraction?: number
}

/** The guard's verdict after one point. */
export interface FlapVerdict {
  state: 'normal' | 'anomalous'
  /** The state changed at this point. */
  changed: boolean
}

/** A flap guard over a stream of anomalous / normal points. */
export class FlapGuard {
  private readonly bits: Uint8Array
  private readonly triggerWindow: number
  private readonly triggerFraction: number
  private readonly recoveryWindow: number
  private readonly recoveryFraction: number
  private next = 0
  private seen = 0
  state: 'normal' | 'anomalous' = 'normal'

  constructor(options: FlapGuardOptions = {}) {
    // Options that cannot be read (or are not numbers) leave the defaults in place.
    this.triggerWindow = Math.max(1, Math.floor(readNumber(options, 'triggerWindow', 5)))
    this.triggerFraction = clamp01(readNumber(options, 'triggerFraction', 0.6))
    this.recoveryWindow = Math.max(1, Math.floor(readNumber(options, 'recoveryWindow', 5)))
    this.recoveryFraction = clamp01(readNumber(options, 'recoveryFraction', 0))
    this.bits = new Uint8Array(Math.max(this.triggerWindow, this.recoveryWindow))
  }

  /** Record one point. */
  push(anomalous: boolean): FlapVerdict {
    this.bits[this.next] = anomalous ? 1 : 0
    this.next = (this.next + 1) % this.bits.length
    this.seen++
    const before = this.state
    if (this.state === 'normal') {
      if (this.seen >= this.triggerWindow && this.share(this.triggerWindow) >= this.triggerFraction)
        this.state = 'anomalous'
    } else if (this.seen >= this.recoveryWindow && this.share(this.recoveryWindow) <= this.recoveryFraction) {
      this.state = 'normal'
    }
    return { state: this.state, changed: this.state !== before }
  }

  /** Anomalous share of the last `n` points. */
  private share(n: number): number {
    let count = 0
    for (let i = 1; i <= n; i++) count += this.bits[(this.next - i + this.bits.length) % this.bits.length]!
    return count / n
  }
}

function readNumber(options: FlapGuardOptions, key: keyof FlapGuardOptions, fallback: number): number {
  try {
    const value = options?.[key]
    return typeof value === 'number' && !Number.isNaN(value) ? value : fallback
  } catch {
    return fallback
  }
}

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0
}
