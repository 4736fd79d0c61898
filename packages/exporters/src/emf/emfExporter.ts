/**
 * The CloudWatch EMF exporter: metric snapshots (and values recorded with `put`) as Embedded
 * Metric Format lines on a stream or file, for the CloudWatch agent or Lambda's log pipeline.
 */
import { createWriteStream } from 'node:fs'
import type { Writable } from 'node:stream'
import type { MetricSnapshot } from '@foundation-telemetry/core'
import { snapshotCollector } from '../shared/collectSnapshots.ts'
import { createDropReporter } from '../shared/dropReporter.ts'
import { type ExporterBaseOptions, resolveExporterContext } from '../shared/exporterContext.ts'
import type { DropReason } from '../shared/exporterHealth.ts'
import type { ExporterLifecycle } from '../shared/exporterLifecycle.ts'
import { type ExporterTelemetry, reportDropped, reportExportFailure } from '../shared/exporterTelemetry.ts'
import type { ExportRedaction } from '../shared/exportRedaction.ts'
import { createExportSchedule } from '../shared/exportSchedule.ts'
import { guardFactory } from '../shared/guardFactory.ts'
import { createLineSink, type LineSink } from '../shared/lineSink.ts'
import { type LineSinkReportingHooks, lineSinkReporting } from '../shared/lineSinkReporting.ts'
import type { Env } from '../shared/otelEnv.ts'
import { flattenSeries } from '../shared/snapshotFlattener.ts'
import { emfLines, toEmfUnit } from './emfFormat.ts'
import {
  createEmfValueBuffer,
  type EmfGroup,
  type EmfValueBuffer,
  emfEventMetrics,
} from './emfValueBuffer.ts'

/** Options for {@link createEmfExporter}. Give `stream` or `path`; neither means stdout. */
export interface EmfExporterOptions extends ExporterBaseOptions {
  /** Metrics of this instance are exported every `interval`; also its clock and error hook. */
  telemetry?: ExporterTelemetry
  /** CloudWatch namespace. Defaults to `AWS_EMF_NAMESPACE`, else the service name, else `FoundationTelemetry`. */
  namespace?: string
  /** Output stream. Defaults to `process.stdout` when no `path` is given. */
  stream?: Writable
  /** Output file, appended to. */
  path?: string
  /** Tag keys that become dimensions (others become plain properties). Defaults to every tag key, at most 30. */
  dimensionKeys?: readonly string[]
  /** Properties on every line (not dimensions), e.g. `{ service: 'checkout' }`. Defaults to none. */
  properties?: Record<string, string>
  /** Export interval in ms; `0` turns the timer off. Defaults to 60 000 (60 s). */
  interval?: number
  /** Values held by `put` between flushes; more are dropped and counted. Defaults to 10 000. */
  maxBufferedValues?: number
  /** Bytes queued while the stream is backed up. Defaults to 1 MiB. */
  maxBufferBytes?: number
}

/**
 * An EMF exporter. No method throws.
 *
 * - `forceFlush()`: Write the telemetry snapshot and every buffered value; resolves once the stream has them.
 * - `shutdown()`: Flush, stop the timer and close a file we opened. Idempotent.
 */
export interface EmfExporter extends ExporterLifecycle {
  /** Record one value of `name` for the dimension set; values are sent as arrays of up to 100. */
  put(name: string, value: number, options?: { unit?: string; dimensions?: Record<string, string> }): void
}

const EXPORTER = 'emf'

/**
 * Create a CloudWatch Embedded Metric Format exporter.
 *
 * @example
 * const emf = createEmfExporter({ telemetry: t, namespace: 'Agents', path: '/var/log/app/metrics.log' })
 * emf.put('checkout.latency', 12.5, { unit: 'ms', dimensions: { region: 'eu-west-1' } })
 * await emf.shutdown()
 */
export function createEmfExporter(options: EmfExporterOptions = {}): EmfExporter {
  return guardFactory('emf', options, buildEmfExporter)
}

function buildEmfExporter(options: EmfExporterOptions): EmfExporter {
  const { telemetry } = options
  const { env, clock, health, redaction } = resolveExporterContext(options, EXPORTER)
  const namespace = emfNamespace(options.namespace, env, telemetry)
  const drops = createDropReporter(telemetry, health, EXPORTER, 'EMF data')
  const dropped: Dropped = (count, reason) => drops.dropped(count, 'lines', reason)
  const values = createEmfValueBuffer({
    maxValues: options.maxBufferedValues ?? 10_000,
    dimensionKeys: options.dimensionKeys,
    properties: options.properties,
  })
  const sink = openEmfSink(options, { telemetry, health, clock, dropped })
  const collect = snapshotCollector(
    { telemetry, redaction, exporter: EXPORTER, label: 'EMF' },
    { temporality: 'delta', reader: EXPORTER },
  )
  const flushNow = (): Promise<void> => {
    drops.newEpisode()
    for (const metric of collect()) addSnapshot(metric, values, dropped)
    writeGroups(values.drain(), { namespace, timestamp: clock.now() }, sink, dropped)
    return sink.flush()
  }

  let closed = false
  const schedule = createExportSchedule({
    clock,
    interval: options.interval ?? 60_000,
    tick: flushNow,
    final: async () => {
      await flushNow()
      closed = true
      await sink.close()
    },
  })
  return {
    put(name, value, putOptions) {
      try {
        if (closed) return dropped(1, 'shutdown')
        const refused = putValue(values, redaction, name, value, putOptions)
        if (refused !== undefined) dropped(1, refused)
      } catch (error) {
        reportDropped(telemetry, 'EMF value could not be recorded', { exporter: EXPORTER, name, error })
      }
    },
    health,
    forceFlush: () => (closed ? Promise.resolve() : flushNow()),
    shutdown: schedule.shutdown,
  }
}

/** Counts (and reports the first of an episode) `count` dropped lines or values. */
type Dropped = (count: number, reason: DropReason) => void

/** The CloudWatch namespace: the option, else `AWS_EMF_NAMESPACE`, else the service name, else `FoundationTelemetry`. */
export function emfNamespace(
  namespace: string | undefined,
  env: Env,
  telemetry: Pick<ExporterTelemetry, 'resource'> | undefined,
): string {
  const service = telemetry?.resource?.['service.name']
  return namespace ?? env.AWS_EMF_NAMESPACE ?? (typeof service === 'string' ? service : 'FoundationTelemetry')
}

/** What the output reports to: health counters, drops, export failures. */
interface EmfSinkHooks extends Omit<LineSinkReportingHooks, 'failed'> {
  telemetry: ExporterTelemetry | undefined
}

/** The line sink on the exporter's output, its drops, deliveries, failures and depth counted. */
function openEmfSink(options: EmfExporterOptions, hooks: EmfSinkHooks): LineSink {
  const { telemetry } = hooks
  return createLineSink({
    ...openOutput(options, telemetry),
    ...(options.maxBufferBytes !== undefined ? { maxBufferBytes: options.maxBufferBytes } : {}),
    ...lineSinkReporting({
      ...hooks,
      failed: (error) => reportExportFailure(telemetry, 'EMF output failed', { exporter: EXPORTER, error }),
    }),
  })
}

/**
 * Hold one `put()` value in the buffer, redacted; returns why it was refused (`invalid`,
 * `queue_full`), or `undefined` when held.
 */
export function putValue(
  values: EmfValueBuffer,
  redaction: Pick<ExportRedaction, 'name' | 'tags'>,
  name: string,
  value: number,
  options: { unit?: string; dimensions?: Record<string, string> } | undefined,
): DropReason | undefined {
  if (typeof name !== 'string' || name === '' || typeof value !== 'number') return 'invalid'
  // Checked before the group lookup: a dropped value must not leave its dimension set behind.
  if (values.full) return 'queue_full'
  return values.add(
    values.group(redaction.tags(options?.dimensions ?? {})),
    redaction.name(name),
    toEmfUnit(options?.unit ?? '1'),
    value,
  )
}

/** Every drained group as EMF lines on `sink`; lines over CloudWatch's size limit are dropped. */
export function writeGroups(
  groups: Iterable<EmfGroup>,
  line: { namespace: string; timestamp: number },
  sink: Pick<LineSink, 'write'>,
  dropped: Dropped,
): void {
  const { namespace, timestamp } = line
  for (const group of groups) {
    const { dimensions, properties } = group
    for (const metrics of emfEventMetrics(group)) {
      const { lines, oversized } = emfLines({ namespace, timestamp, dimensions, properties, metrics })
      if (oversized > 0) dropped(oversized, 'oversized')
      for (const text of lines) sink.write(text)
    }
  }
}

/** The output: the given stream, else the file (opened here, closed at shutdown), else stdout. */
function openOutput(
  options: EmfExporterOptions,
  telemetry: ExporterTelemetry | undefined,
): { stream: Writable; ownsStream: boolean } {
  const ownsStream = options.stream === undefined && options.path !== undefined
  try {
    const stream =
      options.stream ?? (options.path ? createWriteStream(options.path, { flags: 'a' }) : process.stdout)
    return { stream, ownsStream }
  } catch (error) {
    reportExportFailure(telemetry, 'EMF output could not be opened', { exporter: EXPORTER, error })
    return { stream: process.stdout, ownsStream }
  }
}

/** A metric snapshot's flat values into the buffer, in the metric's CloudWatch unit. */
function addSnapshot(metric: MetricSnapshot, values: EmfValueBuffer, dropped: Dropped): void {
  const unit = toEmfUnit(metric.unit)
  // A counter without a unit of its own counts things; a histogram's count always does.
  const countUnit = unit === 'None' ? 'Count' : unit
  for (const series of metric.series) {
    const group = values.group(series.tags)
    flattenSeries(metric, series, (name, value, kind, part) => {
      const valueUnit = part === 'count' ? 'Count' : kind === 'count' && part === 'value' ? countUnit : unit
      const refused = values.add(group, name, valueUnit, value)
      if (refused !== undefined) dropped(1, refused)
    })
  }
}
