import { dropRejection, type Metadata, type Telemetry, type TelemetryEvent } from '@foundation-telemetry/core'
import { type AxUsageEventLike, usageMeasurements, usageMetadata } from './axMapping.ts'
import { textOf } from './errorText.ts'
import type { ReportOnce } from './reportOnce.ts'

// Typed as a plain string: a usage event without a model is reported, not refused by the types.
const usageEvent: string = 'dspex.llm.usage'

/** Ax's usage observer and its off switch. */
export interface AxUsageObserver {
  /** The observer to set as `axGlobals.onUsage`. */
  readonly onUsage: (event: Readonly<AxUsageEventLike>) => void
  /**
   * Stop reporting. The observer still passes events on to the one it chained: an observer set
   * after ours may call ours, and the one before must not lose its events when we detach.
   */
  stop(): void
}

/**
 * Ax's usage observer: each usage event becomes a `dspex.llm.usage` event (tokens as
 * measurements; model, provider, operation, `extra` and the active trace ids as metadata), then
 * goes on to `chained`, the observer that was set before. Never throws into Ax: a failure and a
 * usage event without a model are reported once each through `report`.
 */
export function createAxUsageObserver(
  t: Telemetry,
  extra: Metadata,
  report: ReportOnce,
  chained: ((event: never) => unknown) | undefined,
): AxUsageObserver {
  let stopped = false
  // Resolved on first use: creating the observer touches nothing of `t`.
  let usage: TelemetryEvent | undefined
  const record = (event: Readonly<AxUsageEventLike>) => {
    try {
      const tokens = event?.tokens ?? {}
      const model = typeof event?.model === 'string' && event.model !== '' ? event.model : undefined
      if (model === undefined) report('no_model', 'instrumentAx: a usage event without a model')
      usage ??= t.event(usageEvent)
      if (usage.hasHandlers()) {
        const active = t.activeSpan()?.spanContext()
        usage.execute(usageMeasurements(tokens), usageMetadata(event, model, extra, active))
      }
    } catch (error) {
      report('usage', `instrumentAx: onUsage failed: ${textOf(error)}`, { error })
    }
  }
  const onUsage = (event: Readonly<AxUsageEventLike>) => {
    if (!stopped) record(event)
    if (chained) {
      try {
        dropRejection((chained as (e: unknown) => unknown)(event))
      } catch {
        // The user's own observer failed; Ax ignores it too.
      }
    }
  }
  return {
    onUsage,
    stop: () => {
      stopped = true
    },
  }
}
