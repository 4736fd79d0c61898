/**
 * CloudWatch Embedded Metric Format: one JSON object per line with an `_aws` metadata block
 * (`Timestamp`, `CloudWatchMetrics` directives) and the dimension values and metric values as
 * top-level members. Limits: 100 metrics per directive, 30 dimension keys per set, arrays of at
 * most 100 values, 1 MB per event.
 */

import { toText } from '@foundation-telemetry/taxonomy'
/** Metrics per directive. */
export const EMF_MAX_METRICS = 100
/** Dimension keys per dimension set. */
export const EMF_MAX_DIMENSIONS = 30
/** Values in one metric's array. */
export const EMF_MAX_VALUES = 100
/** Bytes per event (one line). */
export const EMF_MAX_EVENT_BYTES = 1_000_000

/** CloudWatch units EMF accepts. */
export type EmfUnit =
  | 'Seconds'
  | 'Microseconds'
  | 'Milliseconds'
  | 'Bytes'
  | 'Kilobytes'
  | 'Megabytes'
  | 'Gigabytes'
  | 'Percent'
  | 'Count'
  | 'None'

const units: Record<string, EmfUnit> = {
  s: 'Seconds',
  ms: 'Milliseconds',
  us: 'Microseconds',
  By: 'Bytes',
  KBy: 'Kilobytes',
  MBy: 'Megabytes',
  GBy: 'Gigabytes',
  '%': 'Percent',
  '1': 'None',
}

/** Map a UCUM unit to a CloudWatch unit: `{request}`-style annotations count things; the rest is `None`. */
export function toEmfUnit(unit: string): EmfUnit {
  if (typeof unit !== 'string') return toEmfUnit(toText(unit))
  const mapped = Object.hasOwn(units, unit) ? units[unit] : undefined
  if (mapped) return mapped
  return /^\{.+\}$/.test(unit) ? 'Count' : 'None'
}

/** One metric value for a line: a number or up to 100 numbers. */
export interface EmfMetric {
  name: string
  unit: EmfUnit
  values: number | number[]
}

/** The events of one dimension set, as {@link emfLines} takes them. */
export interface EmfLinesInput {
  namespace: string
  timestamp: number
  dimensions: Readonly<Record<string, string>>
  /** Extra top-level members that are not dimensions (e.g. tags beyond the 30th). */
  properties?: Readonly<Record<string, string>>
  metrics: readonly EmfMetric[]
}

/** Build EMF lines for one dimension set, splitting at 100 metrics per directive and 1 MB per event. */
export function emfLines(options: EmfLinesInput): { lines: string[]; oversized: number } {
  try {
    return emfLinesUnguarded(options)
  } catch {
    // Not the data this helper takes (or data whose fields throw): an empty result, never an exception.
    return { lines: [], oversized: 0 }
  }
}

function emfLinesUnguarded(options: EmfLinesInput): { lines: string[]; oversized: number } {
  const dimensionKeys = Object.keys(options.dimensions).slice(0, EMF_MAX_DIMENSIONS)
  const lines: string[] = []
  let oversized = 0
  const build = (metrics: readonly EmfMetric[]): string => {
    const event: Record<string, unknown> = {
      _aws: {
        Timestamp: Math.floor(options.timestamp),
        CloudWatchMetrics: [
          {
            Namespace: options.namespace,
            Dimensions: [dimensionKeys],
            Metrics: metrics.map((metric) => ({ Name: metric.name, Unit: metric.unit })),
          },
        ],
      },
      ...options.properties,
      ...options.dimensions,
    }
    for (const metric of metrics) event[metric.name] = metric.values
    return JSON.stringify(event)
  }
  const emit = (metrics: readonly EmfMetric[]) => {
    if (metrics.length === 0) return
    const line = build(metrics)
    if (Buffer.byteLength(line, 'utf8') <= EMF_MAX_EVENT_BYTES) {
      lines.push(line)
      return
    }
    if (metrics.length === 1) {
      oversized++
      return
    }
    const half = Math.ceil(metrics.length / 2)
    emit(metrics.slice(0, half))
    emit(metrics.slice(half))
  }
  for (let i = 0; i < options.metrics.length; i += EMF_MAX_METRICS)
    emit(options.metrics.slice(i, i + EMF_MAX_METRICS))
  return { lines, oversized }
}
