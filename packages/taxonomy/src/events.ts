import { agentEvents } from './agentEvents.ts'
import { crossLayerEvents } from './crossLayerEvents.ts'
import type { EventDefinition } from './eventDefinition.ts'
import type { LayerShapes } from './eventSpec.ts'
import { foundationEvents } from './foundationEvents.ts'
import { loadTestEvents } from './loadTestEvents.ts'
import { mlEvents } from './mlEvents.ts'
import { queueEvents } from './queueEvents.ts'
import { runtimeEvents } from './runtimeEvents.ts'
import { telemetryEvents } from './telemetryEvents.ts'

const layers = [
  foundationEvents,
  loadTestEvents,
  queueEvents,
  runtimeEvents,
  agentEvents,
  mlEvents,
  crossLayerEvents,
  telemetryEvents,
] as const

/**
 * Every event the taxonomy defines, keyed by name, with its measurement and metadata shapes.
 * {@link TelemetryEventMap} extends this; extend that one, not this.
 */
export type TaxonomyEventShapes = LayerShapes<(typeof foundationEvents)['spec']> &
  LayerShapes<(typeof loadTestEvents)['spec']> &
  LayerShapes<(typeof queueEvents)['spec']> &
  LayerShapes<(typeof runtimeEvents)['spec']> &
  LayerShapes<(typeof agentEvents)['spec']> &
  LayerShapes<(typeof mlEvents)['spec']> &
  LayerShapes<(typeof crossLayerEvents)['spec']> &
  LayerShapes<(typeof telemetryEvents)['spec']>

/** The name of an event the taxonomy defines. */
export type TaxonomyEventName = keyof TaxonomyEventShapes & string

/**
 * Every taxonomy event with its layer, description, measurement keys (with units) and metadata
 * keys, sorted by name: the data behind `docs/events.md` and the dashboard's event list.
 *
 * @example
 * ```ts
 * import { eventDefinitions } from '@foundation-telemetry/taxonomy'
 * const agentLayer = eventDefinitions.filter((e) => e.layer === 'foundation_jido')
 * ```
 */
export const eventDefinitions: readonly EventDefinition[] = layers
  .flatMap((layer) => layer.definitions)
  .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))

/** Every taxonomy event name, sorted. */
export const eventNames: readonly TaxonomyEventName[] = eventDefinitions.map(
  (event) => event.name as TaxonomyEventName,
)

const byName: ReadonlyMap<string, EventDefinition> = new Map(eventDefinitions.map((e) => [e.name, e]))

/**
 * Whether `name` is a taxonomy event (one map lookup). Narrows the type, so the typed shapes
 * apply after the check.
 */
export function isTaxonomyEvent(name: string): name is TaxonomyEventName {
  return byName.has(name)
}

/** The definition of a taxonomy event, or `undefined` for any other name. */
export function findEventDefinition(name: string): EventDefinition | undefined {
  return byName.get(name)
}
