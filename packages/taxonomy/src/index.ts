// Placeholder shape; the taxonomy issue fills this in. The exported names are relied on by core.
export type Measurements = Record<string, number>
export type Metadata = Record<string, unknown>

/** Event name -> its measurement and metadata shapes. Extended by declaration merging. */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by the taxonomy
export interface TelemetryEventMap {}

export type EventMeasurements<TName extends string> = TName extends keyof TelemetryEventMap
  ? TelemetryEventMap[TName] extends { measurements: infer M }
    ? M
    : Measurements
  : Measurements
export type EventMetadata<TName extends string> = TName extends keyof TelemetryEventMap
  ? TelemetryEventMap[TName] extends { metadata: infer M }
    ? M
    : Metadata
  : Metadata

export type MetricKind = 'counter' | 'updowncounter' | 'gauge' | 'histogram' | 'summary'
export interface MetricDefinition {
  name: string
  kind: MetricKind
  unit: string
  description: string
  tagKeys: readonly string[]
}
export const metricDefinitions: readonly MetricDefinition[] = []
export function findMetricDefinition(name: string): MetricDefinition | undefined {
  return metricDefinitions.find((d) => d.name === name)
}
