import {
  type EventSamplerLink,
  handlerFailure,
  invalidInput,
  type TelemetryError,
} from '@foundation-telemetry/core'
import type { NameState } from './nameState.ts'
import { type ReportInvalid, tellProblem } from './problems.ts'
import { createSamplerMetrics, type SamplerMetrics } from './samplerMetrics.ts'
import type { ReservoirItem, SamplerOptions } from './types.ts'

/** Problems kept for the first telemetry instance that connects, when nobody else heard them. */
export const MAX_PENDING_ERRORS = 100

/**
 * Everything a sampler tells the world: the telemetry instances connected to it (each gets the
 * problems, a metrics recorder and the reservoirs' samples), the `onError` hook, and the
 * `onReservoir` hook. The methods are bound, so the other pieces take them as plain callbacks.
 */
export class SamplerOutputs {
  private readonly links: EventSamplerLink[] = []
  private readonly metrics: SamplerMetrics[] = []
  private readonly pending: TelemetryError[] = []
  private readonly onError: SamplerOptions['onError']
  private readonly onReservoir: SamplerOptions['onReservoir']
  /** The sampler's per-name states, read by the metrics recorders. */
  private readonly states: () => Iterable<NameState>

  constructor(hooks: Pick<SamplerOptions, 'onError' | 'onReservoir'>, states: () => Iterable<NameState>) {
    this.onError = hooks.onError
    this.onReservoir = hooks.onReservoir
    this.states = states
  }

  /** Tell a problem to the hook and every instance; kept (up to a bound) when nobody heard it. */
  readonly report = (error: TelemetryError): void => {
    if (!tellProblem(error, this.onError, this.links) && this.pending.length < MAX_PENDING_ERRORS)
      this.pending.push(error)
  }

  /** Report bad input to the sampler's API: `sampler: <message>`, with `api: 'sampler'`. */
  readonly invalid: ReportInvalid = (message, details) =>
    this.report(invalidInput(`sampler: ${message}`, { api: 'sampler', ...details }))

  /**
   * Connect a telemetry instance: it hears the kept problems and later ones, receives the
   * reservoirs' samples and records the sampler's metrics (one recorder per instance, however
   * often it connects). Returns the disconnect, which flushes that recorder first.
   */
  readonly connect = (link: EventSamplerLink): (() => void) => {
    this.links.push(link)
    for (const error of this.pending.splice(0)) link.telemetry.reportError(error)
    const recorded = this.metrics.some((m) => m.telemetry === link.telemetry)
    const m = recorded ? undefined : createSamplerMetrics(link.telemetry, this.states)
    if (m !== undefined) this.metrics.push(m)
    return () => {
      m?.flush()
      const i = this.links.indexOf(link)
      if (i >= 0) this.links.splice(i, 1)
      const j = m === undefined ? -1 : this.metrics.indexOf(m)
      if (j >= 0) this.metrics.splice(j, 1)
    }
  }

  /** Send a reservoir's sample to every instance, then to `onReservoir` (a failure is reported). */
  readonly deliverSample = (items: readonly ReservoirItem[]): void => {
    for (const item of items) {
      for (const link of this.links)
        link.deliverSampled(item.event, item.measurements, item.metadata, item.adjustedCount)
    }
    if (typeof this.onReservoir !== 'function') return
    try {
      this.onReservoir(items)
    } catch (error) {
      this.report(handlerFailure('sampler: onReservoir failed', { handler_id: 'sampler.onReservoir', error }))
    }
  }

  /** Add the counts since the last flush to every recorder's counters. */
  readonly flushMetrics = (): void => {
    for (const m of this.metrics) m.flush()
  }
}
