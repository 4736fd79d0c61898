/**
 * StatsD/DogStatsD over UDP: a client (`increment`, `gauge`, `timing`, `histogram`,
 * `distribution`, `set`) plus, when given a telemetry instance, a periodic export of its metric
 * snapshots. Lines are packed into datagrams under the packet-size limit; the buffer is bounded.
 */
import { lookup as dnsLookup } from 'node:dns/promises'
import { snapshotCollector } from '../shared/collectSnapshots.ts'
import { type ExporterBaseOptions, resolveExporterContext } from '../shared/exporterContext.ts'
import type { ExporterLifecycle } from '../shared/exporterLifecycle.ts'
import type { ExporterTelemetry } from '../shared/exporterTelemetry.ts'
import { createExportSchedule } from '../shared/exportSchedule.ts'
import { guardFactory } from '../shared/guardFactory.ts'
import type { Env } from '../shared/otelEnv.ts'
import type { AgentLookup } from './agentSocket.ts'
import { StatsdLineRecorder, type StatsdTags } from './lineRecorder.ts'
import type { StatsdDialect } from './statsdLine.ts'
import { StatsdTransport, type StatsdTransportOptions } from './statsdTransport.ts'

export type { StatsdTags } from './lineRecorder.ts'

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

/** The wire settings: options, else the DogStatsD environment variables, else the defaults. */
export function resolveWireSettings(
  options: StatsdExporterOptions,
  env: Env,
): Pick<StatsdTransportOptions, 'host' | 'port' | 'maxPacketSize' | 'maxBufferBytes'> {
  const maxPacketSize = Math.max(64, options.maxPacketSize ?? 1432)
  return {
    host: options.host ?? env.DD_AGENT_HOST ?? '127.0.0.1',
    port: options.port ?? (Number(env.DD_DOGSTATSD_PORT) || 8125),
    maxPacketSize,
    maxBufferBytes: Math.max(maxPacketSize, options.maxBufferBytes ?? 1_048_576),
  }
}

/** The client half of the exporter: each method one line through `recorder`, at `defaultRate` unless given one. */
export function statsdClient(
  recorder: Pick<StatsdLineRecorder, 'record'>,
  defaultRate: number,
): Omit<StatsdExporter, keyof ExporterLifecycle> {
  return {
    increment: (name, value = 1, tags, sampleRate = defaultRate) =>
      recorder.record(name, value, 'c', tags, sampleRate),
    gauge: (name, value, tags) => recorder.record(name, value, 'g', tags, 1),
    timing: (name, ms, tags, sampleRate = defaultRate) => recorder.record(name, ms, 'ms', tags, sampleRate),
    histogram: (name, value, tags, sampleRate = defaultRate) =>
      recorder.record(name, value, 'h', tags, sampleRate),
    distribution: (name, value, tags, sampleRate = defaultRate) =>
      recorder.record(name, value, 'd', tags, sampleRate),
    set: (name, value, tags) => recorder.record(name, value, 's', tags, 1),
  }
}

function buildStatsdExporter(options: StatsdExporterOptions): StatsdExporter {
  const { telemetry } = options
  const { env, clock, health, redaction } = resolveExporterContext(options, EXPORTER)
  const transport = new StatsdTransport({
    ...resolveWireSettings(options, env),
    lookup: options.lookup ?? dnsLookup,
    health,
    telemetry,
    exporter: EXPORTER,
  })
  const recorder = new StatsdLineRecorder({
    dialect: options.dialect ?? 'dogstatsd',
    prefix: options.prefix ?? '',
    globalTags: options.globalTags,
    redaction,
    random: options.random ?? Math.random,
    buffer: transport.buffer,
    health,
    telemetry,
    exporter: EXPORTER,
  })
  const defaultRate = recorder.rates.read(options.sampleRate ?? 1)
  // A bad option is reported once; the first bad per-call rate still gets its own report.
  recorder.rates.newInterval()

  const collect = snapshotCollector(
    { telemetry, redaction, exporter: EXPORTER, label: 'StatsD' },
    { temporality: 'delta', reader: EXPORTER },
  )
  const flushNow = async (): Promise<void> => {
    recorder.newInterval()
    for (const metric of collect()) recorder.writeSnapshot(metric)
    return transport.flush()
  }
  const schedule = createExportSchedule({
    clock,
    interval: options.flushInterval ?? 10_000,
    tick: flushNow,
    final: async () => {
      await flushNow()
      recorder.close()
      transport.close()
    },
  })

  return {
    ...statsdClient(recorder, defaultRate),
    health,
    forceFlush: () => (recorder.isClosed ? Promise.resolve() : flushNow()),
    shutdown: schedule.shutdown,
  }
}
