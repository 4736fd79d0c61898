/**
 * StatsD/DogStatsD over UDP: a client (`increment`, `gauge`, `timing`, `histogram`,
 * `distribution`, `set`) plus, when given a telemetry instance, a periodic export of its metric
 * snapshots. Lines are packed into datagrams under the packet-size limit; the buffer is bounded.
 */
import { lookup as dnsLookup } from 'node:dns/promises'
import type { MetricSnapshot } from '@foundation-telemetry/core'
import { snapshotCollector } from '../shared/collectSnapshots.ts'
import { createDropReporter } from '../shared/dropReporter.ts'
import { type ExporterBaseOptions, resolveExporterContext } from '../shared/exporterContext.ts'
import type { ExporterLifecycle } from '../shared/exporterLifecycle.ts'
import { type ExporterTelemetry, reportDropped, reportExportFailure } from '../shared/exporterTelemetry.ts'
import type { ExportRedaction } from '../shared/exportRedaction.ts'
import { createExportSchedule } from '../shared/exportSchedule.ts'
import { guardFactory } from '../shared/guardFactory.ts'
import { flattenSeries } from '../shared/snapshotFlattener.ts'
import { type AgentLookup, createAgentSocket } from './agentSocket.ts'
import { createDatagramSender } from './datagramSender.ts'
import { createPacketBuffer } from './packetBuffer.ts'
import { createSampleRateReader } from './sampleRate.ts'
import {
  formatLine,
  formatTags,
  SAMPLED_TYPES,
  type StatsdDialect,
  type StatsdType,
  sanitizeName,
} from './statsdLine.ts'

/** Options for {@link createStatsdExporter}. */
export interface StatsdExporterOptions extends ExporterBaseOptions {
  /** Metrics of this instance are exported every `flushInterval`; also its clock and error hook. */
  telemetry?: ExporterTelemetry
  /**
   * Agent host: an IPv4 or IPv6 literal, or a name resolved once (through `lookup`) before the
   * first datagram; the socket is `udp6` when the address is IPv6. Defaults to `DD_AGENT_HOST`,
   * else `127.0.0.1`.
   */
  host?: string
  /** Agent UDP port. Defaults to `DD_DOGSTATSD_PORT`, else 8125. */
  port?: number
  /** `dogstatsd` (tags, `h`, `d`) or plain `statsd`. Defaults to `dogstatsd`. */
  dialect?: StatsdDialect
  /** Prepended to every name (`myapp.`). Defaults to none. */
  prefix?: string
  /** Tags added to every line. Defaults to none. */
  globalTags?: Record<string, string>
  /** Largest datagram payload in bytes. Defaults to 1432 (safe for a 1500-byte MTU). */
  maxPacketSize?: number
  /** Bytes buffered at most between flushes; lines beyond are dropped and counted. Defaults to 1 MiB. */
  maxBufferBytes?: number
  /** Flush (and snapshot export) interval in ms; `0` turns the timer off. Defaults to 10 000 (10 s). */
  flushInterval?: number
  /**
   * Default sample rate for c/ms/h/d, from 0 (send none, as DogStatsD clients do) to 1 (send
   * all); sent lines carry `|@rate` so the agent scales them back. A rate outside 0..1 is reported
   * (`invalid_input`) and read as 1. Gauges and sets are never sampled. Defaults to 1.
   */
  sampleRate?: number
  /** Randomness for sampling, injectable for tests. Defaults to `Math.random`. */
  random?: () => number
  /**
   * Resolves a host name to one address, like `dns.promises.lookup` (which it defaults to); the
   * answer is kept for the exporter's life. A failed lookup is reported and tried again at the
   * next flush.
   */
  lookup?: AgentLookup
}

/** Tags for one line. */
export type StatsdTags = Readonly<Record<string, string | number | boolean | undefined>>

/**
 * A StatsD/DogStatsD client and exporter. No method throws.
 *
 * - `forceFlush()`: Export the telemetry snapshot (if any) and send every buffered line.
 * - `shutdown()`: Flush, stop the timer and close the socket. Idempotent.
 */
export interface StatsdExporter extends ExporterLifecycle {
  /** Count `value` (default 1). `sampleRate` (0..1) defaults to the exporter's; 0 sends nothing. */
  increment(name: string, value?: number, tags?: StatsdTags, sampleRate?: number): void
  gauge(name: string, value: number, tags?: StatsdTags): void
  /** A duration in ms (`ms`). */
  timing(name: string, ms: number, tags?: StatsdTags, sampleRate?: number): void
  histogram(name: string, value: number, tags?: StatsdTags, sampleRate?: number): void
  /** DogStatsD global distribution (`d`); plain statsd receives `ms`. */
  distribution(name: string, value: number, tags?: StatsdTags, sampleRate?: number): void
  /** Count unique values (`s`). */
  set(name: string, value: string | number, tags?: StatsdTags): void
}

const EXPORTER = 'statsd'

/**
 * Create a StatsD/DogStatsD exporter.
 *
 * @example
 * const statsd = createStatsdExporter({ telemetry: t, host: '127.0.0.1', port: 8125, globalTags: { env: 'prod' } })
 * statsd.increment('checkout.orders', 1, { region: 'eu' })
 * await statsd.shutdown()
 */
export function createStatsdExporter(options: StatsdExporterOptions = {}): StatsdExporter {
  return guardFactory('statsd', options, buildStatsdExporter)
}

function buildStatsdExporter(options: StatsdExporterOptions): StatsdExporter {
  const { telemetry } = options
  const { env, clock, health, redaction } = resolveExporterContext(options, EXPORTER)
  const host = options.host ?? env.DD_AGENT_HOST ?? '127.0.0.1'
  const dialect = options.dialect ?? 'dogstatsd'
  const maxPacketSize = Math.max(64, options.maxPacketSize ?? 1432)
  const random = options.random ?? Math.random
  const globalTags = formatTags(options.globalTags)
  const names = createNameCache(options.prefix ?? '', redaction)
  const drops = createDropReporter(telemetry, health, EXPORTER, 'StatsD lines')
  const rates = createSampleRateReader(telemetry, EXPORTER)
  const defaultRate = rates.read(options.sampleRate ?? 1)
  // A bad option is reported once; the first bad per-call rate still gets its own report.
  rates.newInterval()

  const agent = createAgentSocket({
    host,
    lookup: options.lookup ?? dnsLookup,
    onSocketError: (error) =>
      reportExportFailure(telemetry, 'StatsD socket error', { exporter: EXPORTER, error }),
    onLookupError: (error) => {
      reportExportFailure(telemetry, `StatsD agent host ${host} could not be resolved`, {
        exporter: EXPORTER,
        host,
        error,
      })
      sender.failSealed()
    },
  })
  const buffer = createPacketBuffer({
    maxPacketSize,
    maxBufferBytes: Math.max(maxPacketSize, options.maxBufferBytes ?? 1_048_576),
    // A full packet goes out at once, so memory stays near one packet per send in flight.
    onSealed: () => sender.sendSealed(),
    onDepth: (lines) => health.queueDepth(lines, 'lines'),
  })
  const sender = createDatagramSender({
    agent,
    port: options.port ?? (Number(env.DD_DOGSTATSD_PORT) || 8125),
    buffer,
    health,
    telemetry,
    exporter: EXPORTER,
  })
  let closed = false

  const record = (
    name: string,
    value: number | string,
    type: StatsdType,
    tags: StatsdTags | string | undefined,
    sampleRate: number,
  ) => {
    try {
      if (typeof name !== 'string' || name === '') return drops.dropped(1, 'lines', 'invalid')
      const rate = sampleRate === 1 ? 1 : rates.read(sampleRate)
      // random() is in [0, 1), so a rate of 0 sends nothing, the DogStatsD clients' meaning.
      if (rate < 1 && SAMPLED_TYPES.has(type) && random() >= rate) return
      const own =
        typeof tags === 'string'
          ? redaction.name(tags)
          : formatTags(tags === undefined ? tags : redaction.tags(tags))
      const allTags = globalTags === '' ? own : own === '' ? globalTags : `${globalTags},${own}`
      const line = formatLine(dialect, names.get(name), value, type, rate, allTags)
      if (line === undefined) return drops.dropped(1, 'lines', 'invalid')
      if (closed) return drops.dropped(1, 'lines', 'shutdown')
      const refused = buffer.add(line)
      if (refused !== undefined) drops.dropped(1, 'lines', refused)
    } catch (error) {
      reportDropped(telemetry, 'StatsD line could not be formatted', { exporter: EXPORTER, name, error })
    }
  }

  const collect = snapshotCollector(
    { telemetry, redaction, exporter: EXPORTER, label: 'StatsD' },
    { temporality: 'delta', reader: EXPORTER },
  )
  const flushNow = async (): Promise<void> => {
    drops.newEpisode()
    rates.newInterval()
    for (const metric of collect()) writeSnapshot(metric, record)
    buffer.seal()
    if (agent.socket === undefined && buffer.hasSealed) await agent.resolve()
    sender.sendSealed()
    return sender.idle()
  }

  const schedule = createExportSchedule({
    clock,
    interval: options.flushInterval ?? 10_000,
    tick: flushNow,
    final: async () => {
      await flushNow()
      closed = true
      agent.close()
    },
  })

  return {
    increment: (name, value = 1, tags, sampleRate = defaultRate) =>
      record(name, value, 'c', tags, sampleRate),
    gauge: (name, value, tags) => record(name, value, 'g', tags, 1),
    timing: (name, ms, tags, sampleRate = defaultRate) => record(name, ms, 'ms', tags, sampleRate),
    histogram: (name, value, tags, sampleRate = defaultRate) => record(name, value, 'h', tags, sampleRate),
    distribution: (name, value, tags, sampleRate = defaultRate) => record(name, value, 'd', tags, sampleRate),
    set: (name, value, tags) => record(name, value, 's', tags, 1),
    health,
    forceFlush: () => (closed ? Promise.resolve() : flushNow()),
    shutdown: schedule.shutdown,
  }
}

/** Metric names as sent: prefixed, redacted and sanitised once per name (up to 10 000 names). */
function createNameCache(prefix: string, redaction: ExportRedaction): { get(name: string): string } {
  const names = new Map<string, string>()
  return {
    get(name) {
      let sanitized = names.get(name)
      if (sanitized === undefined) {
        sanitized = sanitizeName(prefix + redaction.name(name))
        if (names.size < 10_000) names.set(name, sanitized)
      }
      return sanitized
    },
  }
}

type RecordLine = (name: string, value: number, type: StatsdType, tags: string, sampleRate: 1) => void

/** A metric snapshot as StatsD lines: counts as `c` (a counter that did not move sends nothing), levels as `g`. */
function writeSnapshot(metric: MetricSnapshot, record: RecordLine): void {
  for (const series of metric.series) {
    const tags = formatTags(series.tags)
    flattenSeries(metric, series, (name, value, kind, part) => {
      if (part === 'value' && kind === 'count' && !value) return
      record(name, value, kind === 'count' ? 'c' : 'g', tags, 1)
    })
  }
}
