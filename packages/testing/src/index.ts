/**
 * `@foundation-telemetry/testing`: event-driven test helpers. Tests wait for the event that says
 * the thing happened instead of sleeping. Vitest matchers live in `@foundation-telemetry/testing/vitest`.
 */

// Event assertions
export { assertTelemetryEvent } from './assertTelemetryEvent.ts'
export { refuteTelemetryEvent } from './refuteTelemetryEvent.ts'
export type { RefuteOptions } from './refuteTelemetryEvent.ts'
export { assertTelemetrySequence } from './assertTelemetrySequence.ts'
export { assertTelemetryAny } from './assertTelemetryAny.ts'
export type { AnyTelemetryEvent } from './assertTelemetryAny.ts'
export { waitForTelemetryEvent } from './waitForTelemetryEvent.ts'
export { captureTelemetry } from './captureTelemetry.ts'
export type { CapturedEvent, CaptureOptions } from './captureTelemetry.ts'

// Conditions and metrics
export { assertEventually, waitForCondition } from './waitForCondition.ts'
export type { ConditionOptions } from './waitForCondition.ts'
export { waitForMetric } from './waitForMetric.ts'
export type { MetricStat, MetricWaitOptions } from './waitForMetric.ts'
export { waitForMetricThreshold } from './waitForMetricThreshold.ts'
export type { Comparator } from './waitForMetricThreshold.ts'

// Lifecycle waits (seed 003's common cases)
export { waitForProcessRestart, waitForServiceHealth, waitForServiceReady } from './serviceWaits.ts'
export type { LifecycleWaitOptions } from './serviceWaits.ts'
export { waitForAgentRegistration, waitForCoordinationCompletion } from './agentWaits.ts'
export { waitForResourceCleanup } from './waitForResourceCleanup.ts'
export { lifecycleEvents } from './lifecycleEvents.ts'
export type { LifecycleWait } from './lifecycleEvents.ts'

// Matching and messages
export { isAsymmetricMatcher, matchEvent, matchValue } from './match.ts'
export type {
  AnyFieldMatch,
  AsymmetricMatcherLike,
  EventMatch,
  EventName,
  EventStep,
  FieldMatch,
  KnownEventName,
  ObjectMatch,
  TelemetryEvent,
} from './match.ts'
export { diffEvent, formatMatch, formatValue } from './format.ts'
export type { Mismatch } from './format.ts'
export { DEFAULT_TIMEOUT } from './observe.ts'
export type { ObservedEvent, TelemetryLike, WaitOptions } from './observe.ts'

// Time
export { createFakeClock } from './fakeClock.ts'
export type { FakeClock, FakeClockOptions } from './fakeClock.ts'
