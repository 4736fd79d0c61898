/**
 * The event side of one instance, wired together: the bus (grouping the event sampler's
 * handlers), the enricher, the delivery tail and the interned event path behind `t.execute`.
 */
import { type Bus, createBus } from './bus.ts'
import { createDelivery } from './delivery.ts'
import { createEventEnricher } from './enrichment.ts'
import type { TelemetryError } from './errors.ts'
import { createEventPath, type EventPath } from './eventHandle.ts'
import type { ResolvedResource } from './resource.ts'
import { createSampledDelivery, resolveEventSampler, type SampledDelivery } from './sampledDelivery.ts'
import type { CreateTelemetryOptions } from './telemetryOptions.ts'
import type { EventSampler, SpanContext, Telemetry } from './types.ts'

/** The parts of an instance's event side that the instance exposes or connects later. */
export interface InstanceEvents {
  bus: Bus
  path: EventPath
  /** `t.execute`: the event path's own function, typed as the contract's overloads. */
  execute: Telemetry['execute']
  /** The event sampler of the options, if any (connected once the instance exists). */
  sampler: EventSampler | undefined
  sampled: SampledDelivery
}

/** What the event side reads from its instance. */
export interface InstanceEventsOptions {
  options: CreateTelemetryOptions
  resource: ResolvedResource
  activeSpanContext: () => SpanContext | undefined
  report: (error: TelemetryError) => void
}

/** Build the event side of an instance. */
export function createInstanceEvents({
  options,
  resource,
  activeSpanContext,
  report,
}: InstanceEventsOptions): InstanceEvents {
  const sampler = resolveEventSampler(options, report)
  const sampled = createSampledDelivery(sampler, (a, e, m, md) => bus.call(a, e, m, md), report)
  // Handlers take enriched metadata unless the instance or their own attach options say otherwise.
  const bus = createBus(report, { groupSampled: sampled.group, enrichByDefault: options.enrich !== false })
  const enrich = createEventEnricher({ resource, activeSpanContext, report })
  const deliver = createDelivery({ caller: bus, enrich, report })
  const path = createEventPath({ bus, deliver, enrich, report })
  return { bus, path, execute: path.execute as Telemetry['execute'], sampler, sampled }
}
