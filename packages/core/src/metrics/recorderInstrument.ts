/**
 * The shared front of the instruments that record values into per-series objects (histograms and
 * summaries): `record`, `bind` and `recordValue` are the same for both; only the series differ.
 */
import { isFiniteNumber } from './instrument.ts'
import { ObjectInstrument } from './objectInstrument.ts'
import { Series } from './series.ts'
import type { BoundRecorder, Tags } from './types.ts'

/** A series that takes one observed value at a time. */
export interface RecordingSeries extends Series, BoundRecorder {
  observe(value: number): void
}

/** The bound-series front of histogram and summary series: a bad value is rejected, a good one observed. */
export abstract class RecordingSeriesBase extends Series implements RecordingSeries {
  record(value: number): void {
    if (!isFiniteNumber(value)) {
      this.owner.rejectValue(value)
      return
    }
    this.observe(value)
  }

  /** Record an already validated value. */
  abstract observe(value: number): void
}

/** An instrument whose `record(value, tags)` observes `value` on the series `tags` resolve to. */
export abstract class RecorderInstrument<TSeries extends RecordingSeries> extends ObjectInstrument<TSeries> {
  record(value: number, tags?: Tags): void {
    try {
      if (!isFiniteNumber(value)) {
        this.rejectValue(value)
        return
      }
      this.table.resolve(tags).observe(value)
    } catch (error) {
      this.internalError(error)
    }
  }

  bind(tags?: Tags): BoundRecorder {
    return this.bindSeries(tags)
  }

  recordValue(value: number, tags: unknown): void {
    this.record(value, tags as Tags)
  }
}
