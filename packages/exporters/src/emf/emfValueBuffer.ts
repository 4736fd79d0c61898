/**
 * Values waiting for the next EMF flush, grouped by dimension set: each group becomes one or more
 * EMF events. Tags become dimensions (up to CloudWatch's 30 keys, optionally only the chosen
 * keys) or plain properties; the number of values held is bounded.
 */
import { EMF_MAX_DIMENSIONS, EMF_MAX_VALUES, type EmfMetric, type EmfUnit } from './emfFormat.ts'

/** The values of one dimension set. */
export interface EmfGroup {
  readonly dimensions: Record<string, string>
  readonly properties: Record<string, string>
  readonly metrics: Map<string, { unit: EmfUnit; values: number[] }>
}

/** Options for {@link createEmfValueBuffer}. */
export interface EmfValueBufferOptions {
  /** Values held at most between drains. */
  maxValues: number
  /** Tag keys that may become dimensions; others become properties. Defaults to every key. */
  dimensionKeys?: readonly string[] | undefined
  /** Properties on every group. */
  properties?: Readonly<Record<string, string>> | undefined
}

/** The buffer. No method throws on well-formed input. */
export interface EmfValueBuffer {
  /** The group of `tags` (created when new). */
  group(tags: Readonly<Record<string, string>>): EmfGroup
  /** Hold `value`; returns why it was refused, or `undefined` when held. */
  add(group: EmfGroup, name: string, unit: EmfUnit, value: number): 'invalid' | 'queue_full' | undefined
  /** Whether no more values fit. */
  readonly full: boolean
  /** Every group held so far; the buffer starts empty again. */
  drain(): Iterable<EmfGroup>
}

/**
 * Create the value buffer of one EMF exporter.
 *
 * @example
 * const values = createEmfValueBuffer({ maxValues: 10_000 })
 * values.add(values.group({ region: 'eu' }), 'checkout.latency', 'Milliseconds', 12.5)
 */
export function createEmfValueBuffer(options: EmfValueBufferOptions): EmfValueBuffer {
  const { maxValues } = options
  const dimensionFilter = options.dimensionKeys ? new Set(options.dimensionKeys) : undefined
  let groups = new Map<string, EmfGroup>()
  let held = 0
  return {
    group(tags) {
      const dimensions: Record<string, string> = {}
      const properties: Record<string, string> = { ...options.properties }
      let count = 0
      for (const key of Object.keys(tags).sort()) {
        const value = String(tags[key])
        if ((!dimensionFilter || dimensionFilter.has(key)) && count < EMF_MAX_DIMENSIONS) {
          dimensions[key] = value
          count++
        } else {
          properties[key] = value
        }
      }
      const key = JSON.stringify([dimensions, properties])
      let group = groups.get(key)
      if (!group) {
        group = { dimensions, properties, metrics: new Map() }
        groups.set(key, group)
      }
      return group
    },
    add(group, name, unit, value) {
      if (!Number.isFinite(value)) return 'invalid'
      if (held >= maxValues) return 'queue_full'
      // A metric named like a dimension would overwrite the dimension's value in the event.
      const safeName =
        name in group.dimensions || name in group.properties || name === '_aws' ? `${name}_value` : name
      let metric = group.metrics.get(safeName)
      if (!metric) {
        metric = { unit, values: [] }
        group.metrics.set(safeName, metric)
      }
      metric.values.push(value)
      held++
      return undefined
    },
    get full() {
      return held >= maxValues
    },
    drain() {
      const current = groups
      groups = new Map()
      held = 0
      return current.values()
    },
  }
}

/**
 * The metric sets of a group's events: arrays hold at most 100 values, so metric k's j-th chunk
 * of values goes to the j-th event of the group.
 */
export function emfEventMetrics(group: EmfGroup): EmfMetric[][] {
  const rounds: EmfMetric[][] = []
  for (const [name, metric] of group.metrics) {
    for (let i = 0, round = 0; i < metric.values.length; i += EMF_MAX_VALUES, round++) {
      const chunk = metric.values.slice(i, i + EMF_MAX_VALUES)
      const line = rounds[round] ?? []
      rounds[round] = line
      line.push({ name, unit: metric.unit, values: chunk.length === 1 ? (chunk[0] as number) : chunk })
    }
  }
  return rounds
}
