/**
 * `target_info`: the telemetry instance's resource attributes (`service.name` becomes the
 * `service_name` label, and so on) as one series with value 1, the way the OpenTelemetry
 * Prometheus mapping exposes a resource.
 */
import type { Attributes } from '@foundation-telemetry/core'
import { braces, renderLabels } from './labels.ts'

const rendered = new WeakMap<object, string>()

function labelsOf(resource: Readonly<Attributes>): string {
  const hit = rendered.get(resource)
  if (hit !== undefined) return hit
  const tags: Record<string, string> = {}
  for (const key of Object.keys(resource).sort()) {
    const value = resource[key]
    if (value === undefined) continue
    tags[key] = Array.isArray(value) ? JSON.stringify(value) : String(value)
  }
  const labels = renderLabels(tags)
  rendered.set(resource, labels)
  return labels
}

/** The `target_info` family in the text format, or `''` when the resource is empty. */
export function targetInfoText(resource: Readonly<Attributes>): string {
  const labels = labelsOf(resource)
  if (labels === '') return ''
  return '# HELP target_info Target metadata\n# TYPE target_info gauge\ntarget_info' + braces(labels) + ' 1\n'
}

/** The `target` info family in OpenMetrics, or `''` when the resource is empty. */
export function targetInfoOpenMetrics(resource: Readonly<Attributes>): string {
  const labels = labelsOf(resource)
  if (labels === '') return ''
  return '# HELP target Target metadata\n# TYPE target info\ntarget_info' + braces(labels) + ' 1\n'
}
