/**
 * Test-only helpers: engine deps built from a manual clock, with captured errors and events.
 * Not exported from the package barrel.
 */
import type { MetricDefinition } from '@foundation-telemetry/taxonomy'
import type { TelemetryError } from '../errors.ts'
import { createManualClock, type ManualClock } from '../manualClock.ts'
import { createTelemetry } from '../telemetry.ts'
import type { Measurements, Metadata, SpanContext } from '../types.ts'
import { createMetrics, type MetricsDeps, type MetricsEngine } from './createMetrics.ts'
import { createEngineContext } from './engineContext.ts'
import type { SeriesOwner } from './series.ts'
import type { MetricSnapshot } from './types.ts'

/** An engine on a manual clock plus everything it reported. */
export interface TestEngine {
  metrics: MetricsEngine
  clock: ManualClock
  errors: TelemetryError[]
  events: Array<{ event: string; measurements: Measurements; metadata: Metadata }>
  /** Set to make `activeSpanContext()` return a span. */
  span: { current: SpanContext | undefined }
}

/** Build a test engine; `definitions` stands in for the taxonomy. */
export function testEngine(
  definitions: readonly MetricDefinition[] = [],
  overrides: Partial<MetricsDeps> = {},
): TestEngine {
  const clock = createManualClock()
  const errors: TelemetryError[] = []
  const events: TestEngine['events'] = []
  const span: TestEngine['span'] = { current: undefined }
  const metrics = createMetrics({
    clock,
    reportError: (error) => errors.push(error),
    activeSpanContext: () => span.current,
    findDefinition: (name) => definitions.find((d) => d.name === name),
    execute: (event, measurements, metadata) => events.push({ event, measurements, metadata }),
    ...overrides,
  })
  return { metrics, clock, errors, events, span }
}

/** A series owner on a manual clock, for the series table's parts tested alone. */
export function testOwner(reportError: (error: TelemetryError) => void = () => {}): SeriesOwner {
  return {
    name: 'm',
    ctx: createEngineContext(createManualClock(), reportError, () => undefined),
    createdAt: 0,
    rejectValue: () => {},
  }
}

/** A whole telemetry instance on a manual clock, its reported errors, and one metric's series by name. */
export function testTelemetry() {
  const errors: TelemetryError[] = []
  const t = createTelemetry({ clock: createManualClock(), onError: (e) => errors.push(e) })
  const series = (name: string): MetricSnapshot['series'] =>
    t.metrics.collect().find((m) => m.name === name)?.series ?? []
  return { t, errors, series }
}
