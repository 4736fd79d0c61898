/**
 * One factory per instrument kind over an engine's registry: `counter(name, options)` and the
 * others get the registered instrument or build one from its options (read and checked in
 * `instrumentOptions.ts`).
 */
import type { AnyInstrument } from './collect.ts'
import { CounterInstrument, UpDownCounterInstrument } from './counter.ts'
import type { EngineContext } from './engineContext.ts'
import { GaugeInstrument } from './gauge.ts'
import { HistogramInstrument } from './histogram.ts'
import { gaugeCallbackOption, histogramOptions, summaryOptions } from './instrumentOptions.ts'
import type { InstrumentRegistry } from './instrumentRegistry.ts'
import { SummaryInstrument } from './summary.ts'
import type {
  GaugeOptions,
  HistogramOptions,
  InstrumentKind,
  InstrumentOptions,
  SummaryOptions,
} from './types.ts'

/** The factories of one engine, and the same factories by kind name (`byKind`). */
export type InstrumentKinds = ReturnType<typeof createInstrumentKinds>

/** The factories over `registry`. */
export function createInstrumentKinds(ctx: EngineContext, registry: InstrumentRegistry) {
  const counter = (name: string, options?: InstrumentOptions) =>
    registry.obtain('counter', name, options, (config) => new CounterInstrument(ctx, config))
  const upDownCounter = (name: string, options?: InstrumentOptions) =>
    registry.obtain('updowncounter', name, options, (config) => new UpDownCounterInstrument(ctx, config))
  const gauge = (name: string, options?: GaugeOptions) =>
    registry.obtain(
      'gauge',
      name,
      options,
      (config, o) => new GaugeInstrument(ctx, config, gaugeCallbackOption(ctx, config.name, o.callback)),
    )
  const histogram = (name: string, options?: HistogramOptions) =>
    registry.obtain('histogram', name, options, (config, o) => {
      const { buckets, sketch, quantiles } = histogramOptions(ctx, config, o)
      return new HistogramInstrument(ctx, config, buckets, sketch, quantiles)
    })
  const summary = (name: string, options?: SummaryOptions) =>
    registry.obtain('summary', name, options, (config, o) => {
      const { quantiles, window, ageBuckets } = summaryOptions(ctx, config.name, o)
      return new SummaryInstrument(ctx, config, quantiles, window, ageBuckets)
    })
  return {
    counter,
    upDownCounter,
    gauge,
    histogram,
    summary,
    byKind: { counter, updowncounter: upDownCounter, gauge, histogram, summary } as Readonly<
      Record<InstrumentKind, (name: string, options?: InstrumentOptions) => AnyInstrument>
    >,
  }
}
