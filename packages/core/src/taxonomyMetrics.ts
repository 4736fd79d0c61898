/**
 * `attachTaxonomyMetrics`: every metric the taxonomy defines for the chosen layers, declared
 * through `t.metrics.define` from the taxonomy's own data (events, measurement, tag keys, value
 * maps). Metrics whose value needs code (KPIs, runtime samples) are left to their collectors.
 */

import type { TaxonomyMetricName } from '@foundation-telemetry/taxonomy'
import {
  findEventDefinition,
  type MetricDefinition,
  metricDefinitions,
  type TaxonomyLayer,
} from '@foundation-telemetry/taxonomy'
import { invalidInput, type TelemetryError } from './errors.ts'
import { readingMetadataKeys } from './metrics/define.ts'
import type { DefinedMetrics, MetricSpec } from './metrics/types.ts'
import type { Measurements, Metadata } from './types.ts'

/** Options of {@link attachTaxonomyMetrics}. */
export interface AttachTaxonomyMetricsOptions {
  /** The layers whose metrics are attached; metrics of other layers are not. */
  layers: readonly TaxonomyLayer[]
  /**
   * Per metric name: fields that replace the taxonomy-derived definition's, or `false` to leave
   * the metric out (a collector that computes it itself).
   */
  overrides?: Readonly<{ [TName in TaxonomyMetricName]?: Partial<MetricSpec> | false }>
}

/** What {@link attachTaxonomyMetrics} needs of a telemetry instance. */
export interface TelemetryWithMetrics {
  readonly metrics: { define(definitions: readonly MetricSpec[]): DefinedMetrics }
  reportError(error: TelemetryError): void
}

/**
 * The definition the taxonomy implies for `metric`, or undefined when its value needs code: a
 * gauge without `measurement` or `valueMap`, a metric without events, or one recorded by code.
 */
export function taxonomyMetricSpec(metric: MetricDefinition): MetricSpec | undefined {
  try {
    return taxonomyMetricSpecUnguarded(metric)
  } catch {
    // Not the data this helper takes (or data whose fields throw): a neutral result, never an exception.
    return undefined
  }
}

function taxonomyMetricSpecUnguarded(metric: MetricDefinition): MetricSpec | undefined {
  if (metric.events === undefined || metric.events.length === 0 || metric.recordedByCode === true)
    return undefined
  const spec: MetricSpec = { name: metric.name, kind: metric.kind, events: metric.events }
  const map = metric.valueMap
  if (map !== undefined) {
    const { key, values } = map
    spec.measurement = readingMetadataKeys([key], (_m: Measurements, metadata: Metadata) => {
      const value = metadata[key]
      return typeof value === 'string' && Object.hasOwn(values, value) ? values[value] : undefined
    })
  } else if (metric.measurement !== undefined) {
    spec.measurement = metric.measurement
  } else if (metric.kind === 'gauge') {
    return undefined
  }
  return spec
}

/**
 * Attach every taxonomy metric of `options.layers` that its events determine, under the
 * taxonomy's names, units and tag keys. Returns a handle whose `detach()` removes them all.
 * Never throws; a bad option is reported and nothing is attached.
 *
 * @example
 * ```ts
 * import { attachTaxonomyMetrics, createTelemetry } from '@foundation-telemetry/core'
 *
 * const t = createTelemetry({ service: 'gateway' })
 * const foundation = attachTaxonomyMetrics(t, { layers: ['foundation'] })
 * t.execute('foundation.cache.hit', {}, { cache: 'prompts' }) // foundation.cache.hits + 1
 * foundation.detach()
 * ```
 */
export function attachTaxonomyMetrics(
  t: TelemetryWithMetrics,
  options: AttachTaxonomyMetricsOptions,
): DefinedMetrics {
  try {
    return attachTaxonomyMetricsUnguarded(t, options)
  } catch {
    // Not the data this helper takes (or data whose fields throw): a neutral result, never an exception.
    return { metrics: [], detach: () => {} }
  }
}

function attachTaxonomyMetricsUnguarded(
  t: TelemetryWithMetrics,
  options: AttachTaxonomyMetricsOptions,
): DefinedMetrics {
  const layers = Array.isArray(options?.layers) ? new Set<string>(options.layers) : undefined
  if (layers === undefined) {
    try {
      t.reportError(
        invalidInput('attachTaxonomyMetrics: layers must be a list of layer names', {
          api: 'attachTaxonomyMetrics',
        }),
      )
    } catch {
      // The error hook failed; there is nowhere left to report to.
    }
    return { metrics: [], detach() {} }
  }
  const overrides: Readonly<Record<string, Partial<MetricSpec> | false | undefined>> = options.overrides ?? {}
  const specs: MetricSpec[] = []
  for (const metric of metricDefinitions) {
    if (metric.layer === undefined || !layers.has(metric.layer)) continue
    const override = Object.hasOwn(overrides, metric.name) ? overrides[metric.name] : undefined
    if (override === false) continue
    const derived = taxonomyMetricSpec(metric)
    if (override !== undefined)
      specs.push({ ...(derived ?? { name: metric.name }), ...override, name: metric.name })
    else if (derived !== undefined) specs.push(derived)
  }
  return t.metrics.define(specs)
}

/** The unit the taxonomy gives `measurement` on `event`, if it defines both. */
export function measurementUnitOf(event: string, measurement: string): string | undefined {
  return findEventDefinition(event)?.measurements.find((m) => m.key === measurement)?.unit
}
