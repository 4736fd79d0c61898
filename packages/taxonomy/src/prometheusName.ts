import type { MetricDefinition } from './metricDefinition.ts'
import { findMetricDefinition } from './metrics.ts'
import { unitToPrometheusSuffix } from './units.ts'

// Name endings that already spell the unit in another way: `queue_wait_ms` in `ms` must become
// `queue_wait_seconds`, not `queue_wait_ms_seconds`.
const abbreviations: Readonly<Record<string, readonly string[]>> = {
  ns: ['ns', 'nanoseconds'],
  us: ['us', 'microseconds'],
  ms: ['ms', 'milliseconds', 'millis'],
  s: ['s', 'sec', 'secs'],
  min: ['min', 'minutes'],
  h: ['h', 'hours'],
  d: ['d', 'days'],
  By: ['b'],
  kBy: ['kb', 'kilobytes'],
  KBy: ['kb', 'kilobytes'],
  KiBy: ['kib', 'kibibytes'],
  MBy: ['mb', 'megabytes'],
  MiBy: ['mib', 'mebibytes'],
  '%': ['percent', 'pct'],
}

/**
 * The Prometheus metric name for a taxonomy metric (or any dotted name), shared by every
 * exporter so names agree across `/metrics`, remote write and generated alert rules: dots and
 * other invalid characters become `_` (a leading digit gets a `_` prefix), a trailing `_total` is
 * removed, a unit abbreviation at the end (`_ms`) gives way to the base unit, and the base-unit
 * suffix is appended unless the name already ends with it. `_total` is NOT added: the exposition
 * writer adds it to counters.
 *
 * `unit` overrides the definition's unit; for a name outside the taxonomy it is the only unit.
 *
 * @example
 * ```ts
 * prometheusName('foundation_jido.signal.dispatch_duration') // 'foundation_jido_signal_dispatch_duration_seconds'
 * prometheusName('my.queue.size', 'By')                       // 'my_queue_size_bytes'
 * ```
 */
export function prometheusName(definitionOrName: MetricDefinition | string, unit?: string): string {
  try {
    return prometheusNameUnguarded(definitionOrName, unit)
  } catch {
    // Not the data this helper takes (or data whose fields throw): an empty result, never an exception.
    return 'invalid_metric_name'
  }
}

function prometheusNameUnguarded(definitionOrName: MetricDefinition | string, unit?: string): string {
  const name = typeof definitionOrName === 'string' ? definitionOrName : definitionOrName.name
  const definition =
    typeof definitionOrName === 'string' ? findMetricDefinition(definitionOrName) : definitionOrName
  const effectiveUnit = unit ?? definition?.unit ?? ''
  let base = name.replace(/[^a-zA-Z0-9_:]/g, '_')
  while (base.endsWith('_total')) base = base.slice(0, -6)
  if (base === '' || /^[0-9]/.test(base)) base = `_${base}`
  const suffix = unitToPrometheusSuffix(effectiveUnit)
  if (suffix === '') return base
  for (const abbreviation of abbreviations[effectiveUnit] ?? []) {
    if (base.endsWith(`_${abbreviation}`)) {
      base = base.slice(0, -abbreviation.length - 1)
      break
    }
  }
  return base === suffix || base.endsWith(`_${suffix}`) ? base : `${base}_${suffix}`
}
