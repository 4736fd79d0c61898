/**
 * StatsD/DogStatsD over UDP: a client (`increment`, `gauge`, `timing`, `histogram`,
 * `distribution`, `set`) plus, when given a telemetry instance, a periodic export of its metric
 * snapshots. Lines are packed into datagrams under the packet-size limit; the buffer is bounded.
 */
import type dgram from 'node:dgram'
import { lookup as dnsLookup } from 'node:dns/promises'
import type { Clock, MetricSnapshot } from '@foundation-telemetry/core'
import { invalidInput, systemClock } from '@foundation-telemetry/core'
import { createDropReporter } from '../shared/dropReporter.ts'
import { createExporterHealth, type ExporterHealth } from '../shared/exporterHealth.ts'
import { type ExporterTelemetry, reportDropped, reportExportFailure } from '../shared/exporterTelemetry.ts'
import { createExportRedaction } from '../shared/exportRedaction.ts'
import { createExportSchedule } from '../shared/exportSchedule.ts'
import { guardFactory } from '../shared/guardFactory.ts'
import { type Env, processEnv } from '../shared/otelEnv.ts'
import { quantileName } from '../shared/quantileName.ts'
import { type AgentLookup, createAgentSocket } from './agentSocket.ts'
import { formatLine, formatTags, type StatsdDialect, type StatsdType, sanitizeName } from './statsdLine.ts'

/** Options for {@link createStatsdExporter}. */
export interface StatsdExporterOptions {
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
  /** Defaults to the telemetry's clock, else the system clock. */
  clock?: Clock
  /** Defaults to `process.env`. */
  env?: Env
  /**
   * Resolves a host name to one address, like `dns.promises.lookup` (which it defaults to); the
   * answer is kept for the exporter's life. A failed lookup is reported and tried again at the
   * next flush.
   */
  lookup?: AgentLookup
}

/** Tags for one line. */
export type StatsdTags = Readonly<Record<string, string | number | boolean | undefined>>

/** A StatsD/DogStatsD client and exporter. No method throws. */
export interface StatsdExporter {
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
  readonly health: ExporterHealth
  /** Export the telemetry snapshot (if any) and send every buffered line. */
  forceFlush(): Promise<void>
  /** Flush, stop the timer and close the socket. Idempotent. */
  shutdown(): Promise<void>
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
  const env = options.env ?? processEnv()
  const telemetry = options.telemetry
  const clock = options.clock ?? telemetry?.clock ?? systemClock
  const health = createExporterHealth(telemetry, EXPORTER)
  const redaction = createExportRedaction(telemetry ?? {})
  const host = options.host ?? env.DD_AGENT_HOST ?? '127.0.0.1'
  const port = options.port ?? (Number(env.DD_DOGSTATSD_PORT) || 8125)
  const dialect = options.dialect ?? 'dogstatsd'
  const prefix = options.prefix ?? ''
  const maxPacket = Math.max(64, options.maxPacketSize ?? 1432)
  const maxBuffer = Math.max(maxPacket, options.maxBufferBytes ?? 1_048_576)
  const random = options.random ?? Math.random
  const globalTags = formatTags(options.globalTags)
  const names = new Map<string, string>()

  /** Whether a bad per-call sample rate was reported since the last flush (one report per interval). */
  let rateNoticed = false
  const reportInvalidRate = (sampleRate: unknown) => {
    try {
      telemetry?.reportError(
        invalidInput(`StatsD sample rate ${String(sampleRate)} is not between 0 and 1; sending unsampled`, {
          exporter: EXPORTER,
          sampleRate,
        }),
      )
    } catch {
      // The error hook itself failed; there is nowhere left to report to.
    }
  }
  /** A sample rate in 0..1 as given; anything else reads as 1 (sent unsampled) and is reported. */
  const validRate = (sampleRate: unknown): number => {
    if (typeof sampleRate === 'number' && sampleRate >= 0 && sampleRate <= 1) return sampleRate
    if (!rateNoticed) {
      rateNoticed = true
      reportInvalidRate(sampleRate)
    }
    return 1
  }
  const defaultRate = validRate(options.sampleRate ?? 1)
  // A bad option is reported once; the first bad per-call rate still gets its own report.
  rateNoticed = false

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
      failPending()
    },
  })

  /** Datagrams ready to send and the line being packed. */
  let packet = ''
  let packetLines = 0
  let packetBytes = 0
  let buffered = 0
  let queuedLines = 0
  const pending: Array<{ payload: string; lines: number }> = []
  let inFlight = 0
  let idleWaiters: Array<() => void> = []
  let closed = false
  const drops = createDropReporter(telemetry, health, EXPORTER, 'StatsD lines')
  const dropped = (count: number, reason: 'queue_full' | 'oversized' | 'shutdown' | 'invalid') =>
    drops.dropped(count, 'lines', reason)

  const sendPacket = (socket: dgram.Socket, payload: string, lines: number) => {
    const bytes = Buffer.from(payload, 'utf8')
    inFlight++
    try {
      socket.send(bytes, port, agent.address, (error) => {
        inFlight--
        buffered -= bytes.byteLength + 1
        queuedLines -= lines
        health.queueDepth(queuedLines, 'lines')
        if (error) {
          health.failed(lines, 'lines')
          reportExportFailure(telemetry, 'StatsD datagram not sent', { exporter: EXPORTER, lines, error })
        } else {
          health.exported(lines, 'lines')
        }
        if (inFlight === 0) {
          const waiters = idleWaiters
          idleWaiters = []
          for (const waiter of waiters) waiter()
        }
      })
    } catch (error) {
      inFlight--
      buffered -= bytes.byteLength + 1
      queuedLines -= lines
      health.failed(lines, 'lines')
      reportExportFailure(telemetry, 'StatsD datagram not sent', { exporter: EXPORTER, lines, error })
    }
  }

  const sealPacket = () => {
    if (packetLines === 0) return
    pending.push({ payload: packet, lines: packetLines })
    packet = ''
    packetLines = 0
    packetBytes = 0
  }

  const sendPending = () => {
    const socket = agent.socket
    if (socket === undefined) {
      // Sealed packets wait (within maxBufferBytes) for the address; the lookup sends them.
      if (pending.length > 0) void agent.resolve().then((ready) => ready && sendPending())
      return
    }
    while (pending.length > 0) {
      const next = pending.shift() as { payload: string; lines: number }
      sendPacket(socket, next.payload, next.lines)
    }
  }

  /** Sealed packets that cannot be sent (no address) are counted failed and released. */
  const failPending = () => {
    let lines = 0
    for (const next of pending) {
      buffered -= Buffer.byteLength(next.payload, 'utf8') + 1
      lines += next.lines
    }
    pending.length = 0
    if (lines === 0) return
    queuedLines -= lines
    health.queueDepth(queuedLines, 'lines')
    health.failed(lines, 'lines')
  }

  const push = (line: string) => {
    if (closed) {
      dropped(1, 'shutdown')
      return
    }
    const size = Buffer.byteLength(line, 'utf8')
    if (size > maxPacket) {
      dropped(1, 'oversized')
      return
    }
    if (buffered + size + 1 > maxBuffer) {
      dropped(1, 'queue_full')
      return
    }
    if (packetLines > 0 && packetBytes + 1 + size > maxPacket) {
      sealPacket()
      // A full packet goes out at once, so memory stays near one packet per send in flight.
      sendPending()
    }
    packet = packetLines === 0 ? line : `${packet}\n${line}`
    packetBytes += packetLines === 0 ? size : size + 1
    packetLines++
    buffered += size + 1
    queuedLines++
    health.queueDepth(queuedLines, 'lines')
  }

  const metricName = (name: string): string => {
    let sanitized = names.get(name)
    if (sanitized === undefined) {
      sanitized = sanitizeName(prefix + redaction.name(name))
      if (names.size < 10_000) names.set(name, sanitized)
    }
    return sanitized
  }

  const record = (
    name: string,
    value: number | string,
    type: StatsdType,
    tags: StatsdTags | string | undefined,
    sampleRate: number,
  ) => {
    try {
      if (typeof name !== 'string' || name === '') {
        dropped(1, 'invalid')
        return
      }
      const rate = sampleRate === 1 ? 1 : validRate(sampleRate)
      // random() is in [0, 1), so a rate of 0 sends nothing, the DogStatsD clients' meaning.
      if (rate < 1 && (type === 'c' || type === 'ms' || type === 'h' || type === 'd') && random() >= rate)
        return
      const own =
        typeof tags === 'string'
          ? redaction.name(tags)
          : formatTags(tags === undefined ? tags : redaction.tags(tags))
      const allTags = globalTags === '' ? own : own === '' ? globalTags : `${globalTags},${own}`
      const line = formatLine(dialect, metricName(name), value, type, rate, allTags)
      if (line === undefined) {
        dropped(1, 'invalid')
        return
      }
      push(line)
    } catch (error) {
      reportDropped(telemetry, 'StatsD line could not be formatted', { exporter: EXPORTER, name, error })
    }
  }

  const exportSnapshots = () => {
    if (!telemetry) return
    let snapshots: MetricSnapshot[]
    try {
      snapshots = redaction.snapshots(telemetry.metrics.collect({ temporality: 'delta', reader: EXPORTER }))
    } catch (error) {
      reportExportFailure(telemetry, 'StatsD metric collection failed', { exporter: EXPORTER, error })
      return
    }
    for (const metric of snapshots) writeSnapshot(metric)
  }

  const writeSnapshot = (metric: MetricSnapshot) => {
    for (const series of metric.series) {
      const tags = formatTags(series.tags)
      switch (metric.kind) {
        case 'counter':
          if (series.value) record(metric.name, series.value, 'c', tags, 1)
          break
        case 'updowncounter':
        case 'gauge':
          if (series.value !== undefined) record(metric.name, series.value, 'g', tags, 1)
          break
        case 'histogram': {
          const h = series.histogram
          if (!h || h.count === 0) break
          record(`${metric.name}.count`, h.count, 'c', tags, 1)
          record(`${metric.name}.sum`, h.sum, 'c', tags, 1)
          record(`${metric.name}.min`, h.min, 'g', tags, 1)
          record(`${metric.name}.max`, h.max, 'g', tags, 1)
          for (const q of h.quantiles ?? [])
            record(quantileName(metric.name, q.quantile), q.value, 'g', tags, 1)
          break
        }
        case 'summary': {
          const s = series.summary
          if (!s) break
          for (const q of s.quantiles) record(quantileName(metric.name, q.quantile), q.value, 'g', tags, 1)
          break
        }
      }
    }
  }

  const flushNow = async (): Promise<void> => {
    drops.newEpisode()
    rateNoticed = false
    exportSnapshots()
    sealPacket()
    if (agent.socket === undefined && pending.length > 0) await agent.resolve()
    sendPending()
    if (inFlight === 0) return
    return new Promise((resolve) => idleWaiters.push(resolve))
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
