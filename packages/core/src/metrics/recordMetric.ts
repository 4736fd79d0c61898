/**
 * `t.recordMetric(name, value, tags)`: record into the instrument registered under `name`, or
 * create it first: the taxonomy's kind when it defines the name, else a kind inferred from the
 * name (noted once per name with a `telemetry.metric.undeclared` event).
 */

import type { MetricDefinition } from '@foundation-telemetry/taxonomy'
import { TelemetryErrorCode } from '../errors.ts'
import type { Measurements, Metadata } from '../types.ts'
import type { EngineContext } from './engineContext.ts'
import { describe } from './instrument.ts'
import type { InstrumentKinds } from './instrumentKinds.ts'
import type { InstrumentRegistry } from './instrumentRegistry.ts'

/** The event noting that `recordMetric` met a name the taxonomy does not define (once per name). */
export const UNDECLARED_METRIC_EVENT = 'telemetry.metric.undeclared'

const DURATION_SUFFIX = /(?:^|_)(?:duration|latency|time)$/

/**
 * The instrument kind `recordMetric` creates for a name the taxonomy does not define: a
 * histogram (unit `ms`) when its last segment ends in `duration`, `latency` or `time`
 * (`dispatch_duration`, `response_time`), a counter otherwise.
 */
export function inferKind(name: string): 'histogram' | 'counter' {
  const segment = name.slice(name.lastIndexOf('.') + 1)
  return DURATION_SUFFIX.test(segment) ? 'histogram' : 'counter'
}

/** What recording by name needs from its engine. */
export interface RecordMetricDeps {
  ctx: EngineContext
  registry: InstrumentRegistry
  kinds: InstrumentKinds
  definitionOf: (name: string) => MetricDefinition | undefined
  /** Emits the undeclared-name note; never throws. */
  execute: (event: string, measurements: Measurements, metadata: Metadata) => void
}

/** The engine's `record(name, value, tags)`. */
export function createRecordMetric(
  deps: RecordMetricDeps,
): (name: string, value: number, tags?: Record<string, unknown>) => void {
  const { ctx, registry, kinds, definitionOf, execute } = deps

  /** A name not registered yet: the taxonomy's kind, else {@link inferKind}. */
  function recordNew(name: unknown, value: number, tags: unknown): void {
    if (typeof name !== 'string' || name.length === 0) {
      ctx.report(
        TelemetryErrorCode.INVALID_INPUT,
        `recordMetric: name must be a non-empty string, got ${describe(name)}`,
        { metric: String(name) },
      )
      return
    }
    // Past the limit nothing would be registered: drop the value before building anything.
    if (registry.refuses(name)) {
      ctx.counters.rejected++
      return
    }
    const definition = definitionOf(name)
    const kind = definition?.kind ?? inferKind(name)
    const build = kinds.byKind[kind] ?? kinds.counter
    const created = build(name, definition === undefined && kind === 'histogram' ? { unit: 'ms' } : undefined)
    if (definition === undefined) execute(UNDECLARED_METRIC_EVENT, {}, { metric: name, kind: created.kind })
    created.recordValue(value, tags)
  }

  return (name, value, tags) => {
    const existing = registry.get(name)
    if (existing !== undefined) existing.recordValue(value, tags)
    else recordNew(name, value, tags)
  }
}
