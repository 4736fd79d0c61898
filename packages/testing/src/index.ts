/**
 * `@foundation-telemetry/testing`: event-driven test helpers. Tests wait for the event that says
 * the thing happened instead of sleeping. Vitest matchers live in `@foundation-telemetry/testing/vitest`.
 */

export { waitForAgentRegistration, waitForCoordinationCompletion } from './agentWaits.ts'
export type { AnyTelemetryEvent } from './assertTelemetryAny.ts'
export { assertTelemetryAny } from './assertTelemetryAny.ts'
// Event assertions
export { assertTelemetryEvent } from './assertTelemetryEvent.ts'
export { assertTelemetrySequence } from './assertTelemetrySequence.ts'
export type { CapturedEvent, CaptureOptions } from './captureTelemetry.ts'
export { captureTelemetry } from './captureTelemetry.ts'
// Matching and messages
export { TelemetryExpectationError } from './expectationError.ts'
export type { FakeClock, FakeClockOptions } from './fakeClock.ts'
// Time
export { createFakeClock } from './fakeClock.ts'
export { flushMicrotasks } from './flushMicrotasks.ts'
export type { Mismatch } from './format.ts'
export { diffEvent, formatMatch, formatValue } from './format.ts'
export { waitForConnectionPoolReady, waitForHealthImprovement } from './foundationWaits.ts'
export type { LifecycleWait, LifecycleWaitOptions, SubjectWait } from './lifecycleEvents.ts'
export { lifecycleEvents } from './lifecycleEvents.ts'
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
export { isAsymmetricMatcher, matchEvent, matchValue } from './match.ts'
export type { ObservedEvent, TelemetryLike, WaitOptions } from './observe.ts'
export { DEFAULT_TIMEOUT } from './observe.ts'
export type { RefuteOptions } from './refuteTelemetryEvent.ts'
export { refuteTelemetryEvent } from './refuteTelemetryEvent.ts'
// Lifecycle waits (seed 003's common cases)
export { waitForProcessRestart, waitForServiceHealth, waitForServiceReady } from './serviceWaits.ts'
export type { ConditionOptions } from './waitForCondition.ts'
// Conditions and metrics
export { assertEventually, waitForCondition } from './waitForCondition.ts'
export type { MetricStat, MetricWaitOptions } from './waitForMetric.ts'
export { waitForMetric } from './waitForMetric.ts'
export type { Comparator } from './waitForMetricThreshold.ts'
export { waitForMetricThreshold } from './waitForMetricThreshold.ts'
export { waitForResourceCleanup } from './waitForResourceCleanup.ts'
export { waitForTelemetryEvent } from './waitForTelemetryEvent.ts'
