/**
 * The base of instruments that keep one object per series (gauges, histograms, summaries):
 * windows live on the series object itself.
 */
import { Instrument } from './instrument.ts'
import type { RollingWindow } from './rollingWindow.ts'
import type { Series } from './series.ts'

/** An instrument whose series are {@link Series} objects. */
export abstract class ObjectInstrument<TSeries extends Series> extends Instrument<TSeries> {
  ringOf(series: TSeries, window: number): RollingWindow | undefined {
    return series.ring(window)
  }

  attachRing(series: TSeries, ring: RollingWindow): void {
    series.addRing(ring)
  }

  ringCount(series: TSeries): number {
    return series.rings?.length ?? 0
  }
}
