/**
 * `target_info`: the telemetry instance's resource attributes (`service.name` becomes the
 * `service_name` label, and so on) as one series with value 1, the way the OpenTelemetry
 * Prometheus mapping exposes a resource. The writers spell the family; this renders its labels.
 */
import type { Attributes } from '@foundation-telemetry/core'
import type { LabelRenderer } from './labels.ts'

/** The rendered labels of a resource (`a="x",b="y"`, or `''` when empty), remembered per resource. */
export type TargetLabels = (resource: Readonly<Attributes>) => string

/** Resource labels rendered by `labels`, each resource object rendered once (held weakly). */
export function createTargetLabels(labels: LabelRenderer): TargetLabels {
  const rendered = new WeakMap<object, string>()
  return (resource) => {
    const hit = rendered.get(resource)
    if (hit !== undefined) return hit
    const tags: Record<string, string> = {}
    for (const key of Object.keys(resource).sort()) {
      const value = resource[key]
      if (value === undefined) continue
      tags[key] = Array.isArray(value) ? JSON.stringify(value) : String(value)
    }
    const text = labels.inner(tags)
    rendered.set(resource, text)
    return text
  }
}
