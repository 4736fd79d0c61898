/**
 * The client side of the StatsD exporter: each call becomes one line (sampled, tagged, named as
 * sent) handed to the packet buffer, or a counted drop. Telemetry snapshots go through the same path.
 */
import type { MetricSnapshot } from '@foundation-telemetry/core'
import { BoundedCache } from '@foundation-telemetry/core'
import { createDropReporter, type DropReporter } from '../shared/dropReporter.ts'
import type { ExporterHealth } from '../shared/exporterHealth.ts'
import { type ExporterTelemetry, reportDropped } from '../shared/exporterTelemetry.ts'
import type { ExportRedaction } from '../shared/exportRedaction.ts'
import { flattenSeries } from '../shared/snapshotFlattener.ts'
import type { PacketBuffer } from './packetBuffer.ts'
import { createSampleRateReader, type SampleRateReader } from './sampleRate.ts'
import {
  formatLine,
  formatTags,
  SAMPLED_TYPES,
  type StatsdDialect,
  type StatsdType,
  sanitizeName,
} from './statsdLine.ts'

/** Tags for one line. */
export type StatsdTags = Readonly<Record<string, string | number | boolean | undefined>>

/** Names cached at most by {@link createNameCache}; past it the cache starts over. */
export const MAX_CACHED_STATSD_NAMES = 10_000

/** Metric names as sent: prefixed, redacted and sanitised once per name (10 000 names kept at most). */
export function createNameCache(
  prefix: string,
  redaction: Pick<ExportRedaction, 'name'>,
): { get(name: string): string } {
  const names = new BoundedCache<string, string>(MAX_CACHED_STATSD_NAMES)
  return {
    get: (name) => names.get(name) ?? names.set(name, sanitizeName(prefix + redaction.name(name))),
  }
}

/** Options for {@link StatsdLineRecorder}. */
export interface LineRecorderOptions {
  dialect: StatsdDialect
  /** Prepended to every name. */
  prefix: string
  /** Tags added to every line. */
  globalTags: Readonly<Record<string, string>> | undefined
  redaction: Pick<ExportRedaction, 'name' | 'tags'>
  /** Randomness for sampling, in [0, 1). */
  random: () => number
  /** Where lines go; returns why a line was refused, or undefined. */
  buffer: Pick<PacketBuffer, 'add'>
  health: ExporterHealth
  telemetry: Pick<ExporterTelemetry, 'reportError'> | undefined
  /** The `exporter` detail of reports. */
  exporter: string
}

/**
 * Turns client calls and snapshots into lines for the buffer. Bad input, full buffers and lines
 * after {@link close} are counted drops (the first of each interval reported); nothing throws.
 */
export class StatsdLineRecorder {
  /** Reads sample rates; a bad one is reported once per interval. */
  readonly rates: SampleRateReader
  private readonly drops: DropReporter
  private readonly dialect: StatsdDialect
  private readonly globalTags: string
  private readonly names: { get(name: string): string }
  private readonly redaction: Pick<ExportRedaction, 'name' | 'tags'>
  private readonly random: () => number
  private readonly buffer: Pick<PacketBuffer, 'add'>
  private readonly telemetry: Pick<ExporterTelemetry, 'reportError'> | undefined
  private readonly exporter: string
  private closed = false

  constructor(options: LineRecorderOptions) {
    const { telemetry, exporter } = options
    this.drops = createDropReporter(telemetry, options.health, exporter, 'StatsD lines')
    this.rates = createSampleRateReader(telemetry, exporter)
    this.dialect = options.dialect
    this.globalTags = formatTags(options.globalTags)
    this.names = createNameCache(options.prefix, options.redaction)
    this.redaction = options.redaction
    this.random = options.random
    this.buffer = options.buffer
    this.telemetry = telemetry
    this.exporter = exporter
  }

  /** Whether {@link close} was called. */
  get isClosed(): boolean {
    return this.closed
  }

  /** One line; `tags` as a string are already formatted (snapshots). */
  record(
    name: string,
    value: number | string,
    type: StatsdType,
    tags: StatsdTags | string | undefined,
    sampleRate: number,
  ): void {
    try {
      if (typeof name !== 'string' || name === '') {
        this.drops.dropped(1, 'lines', 'invalid')
        return
      }
      const rate = sampleRate === 1 ? 1 : this.rates.read(sampleRate)
      // random() is in [0, 1), so a rate of 0 sends nothing, the DogStatsD clients' meaning.
      if (rate < 1 && SAMPLED_TYPES.has(type) && this.random() >= rate) return
      const { globalTags, redaction } = this
      const own =
        typeof tags === 'string'
          ? redaction.name(tags)
          : formatTags(tags === undefined ? tags : redaction.tags(tags))
      const allTags = globalTags === '' ? own : own === '' ? globalTags : `${globalTags},${own}`
      const line = formatLine(this.dialect, this.names.get(name), value, type, rate, allTags)
      const refused = line === undefined ? 'invalid' : this.closed ? 'shutdown' : this.buffer.add(line)
      if (refused !== undefined) this.drops.dropped(1, 'lines', refused)
    } catch (error) {
      reportDropped(this.telemetry, 'StatsD line could not be formatted', {
        exporter: this.exporter,
        name,
        error,
      })
    }
  }

  /** A metric snapshot as lines: counts as `c` (a counter that did not move sends nothing), levels as `g`. */
  writeSnapshot(metric: MetricSnapshot): void {
    for (const series of metric.series) {
      const tags = formatTags(series.tags)
      flattenSeries(metric, series, (name, value, kind, part) => {
        if (part === 'value' && kind === 'count' && !value) return
        this.record(name, value, kind === 'count' ? 'c' : 'g', tags, 1)
      })
    }
  }

  /** Start a new interval (each flush): the next drop and the next bad rate are reported again. */
  newInterval(): void {
    this.drops.newEpisode()
    this.rates.newInterval()
  }

  /** Take no more lines: later ones are counted as dropped (`shutdown`). */
  close(): void {
    this.closed = true
  }
}
