/**
 * `@foundation-telemetry/testing/vitest`: `toEmitTelemetry` and `toEmitTelemetrySequence`,
 * registered with `expect.extend` when this module is imported. Add it to `setupFiles` in your
 * vitest config, or import it at the top of a test file.
 *
 * @example
 * // vitest.config.ts
 * export default defineConfig({ test: { setupFiles: ['@foundation-telemetry/testing/vitest'] } })
 *
 * // a test
 * await expect(() => breaker.call(failing)).toEmitTelemetry(
 *   'foundation.circuit_breaker.state_change',
 *   { metadata: { to: 'open' } },
 *   { telemetry: t },
 * )
 * await expect(() => breaker.call(ok)).not.toEmitTelemetry('foundation.circuit_breaker.state_change')
 */
import { telemetry as defaultTelemetry } from '@foundation-telemetry/core'
import { expect } from 'vitest'
import { assertTelemetryEvent } from './assertTelemetryEvent.ts'
import { assertTelemetrySequence } from './assertTelemetrySequence.ts'
import { captureTelemetry } from './captureTelemetry.ts'
import { TelemetryExpectationError } from './expectationError.ts'
import { formatMatch, formatValue } from './format.ts'
import {
  type EventMatch,
  type EventName,
  type EventStep,
  eventMatchesPattern,
  matchEvent,
  normalizeStep,
} from './match.ts'
import type { TelemetryLike, WaitOptions } from './observe.ts'
import { refuteTelemetryEvent } from './refuteTelemetryEvent.ts'

/** Options of the telemetry matchers. */
export interface TelemetryMatcherOptions extends WaitOptions {
  /** The instance to watch. Defaults to core's default `telemetry` instance. */
  telemetry?: TelemetryLike
  /**
   * Positive form: how long to wait for the event (default 1000 ms). With `.not`: a grace window
   * after the action settles during which the event still fails the test (default 0).
   */
  timeout?: number
}

/** The matchers this module adds to vitest's `expect`. */
export interface TelemetryMatchers<TReturn = Promise<void>> {
  /**
   * Run the received action and pass when it emits `event` (a name or `prefix.*`) matching
   * `match`. Async: `await` it. With `.not`, fail if such an event is emitted during the action.
   */
  toEmitTelemetry<TName extends EventName>(
    event: TName,
    match?: EventMatch<TName>,
    options?: TelemetryMatcherOptions,
  ): TReturn
  /**
   * Run the received action and pass when it emits every step in order (other events may come
   * between). With `.not`, fail if the whole sequence is emitted during the action.
   */
  toEmitTelemetrySequence(steps: readonly EventStep[], options?: TelemetryMatcherOptions): TReturn
}

declare module 'vitest' {
  // The type parameters must repeat vitest's declaration for the interfaces to merge.
  interface Assertion<R extends void | Promise<void> = void, T = unknown> extends TelemetryMatchers {}
  interface AsymmetricMatchersContaining extends TelemetryMatchers<unknown> {}
}

interface MatcherContext {
  isNot: boolean
}

interface MatcherResult {
  pass: boolean
  message: () => string
}

function actionOf(matcher: string, received: unknown): () => unknown {
  if (typeof received !== 'function') {
    throw new TypeError(
      `${matcher}: expect() needs the action as a function, e.g. expect(() => service.start()).${matcher}(...); got ${formatValue(received)}.`,
    )
  }
  return received as () => unknown
}

function instanceOf(options: TelemetryMatcherOptions | undefined): TelemetryLike {
  return options?.telemetry ?? defaultTelemetry
}

function waitOptions(options: TelemetryMatcherOptions | undefined): WaitOptions {
  const out: WaitOptions = {}
  if (options?.timeout !== undefined) out.timeout = options.timeout
  if (options?.clock !== undefined) out.clock = options.clock
  return out
}

async function toEmitTelemetry(
  this: MatcherContext,
  received: unknown,
  event: string,
  match?: EventMatch,
  options?: TelemetryMatcherOptions,
): Promise<MatcherResult> {
  const action = actionOf('toEmitTelemetry', received)
  const telemetry = instanceOf(options)
  if (this.isNot) {
    try {
      await refuteTelemetryEvent(telemetry, event, match, action, waitOptions(options))
      return {
        pass: false,
        message: () => `expected the action to emit ${event} matching ${formatMatch(match)}`,
      }
    } catch (error) {
      if (!(error instanceof TelemetryExpectationError)) throw error
      return {
        pass: true,
        message: () => error.message.replace(/^refuteTelemetryEvent: /, 'toEmitTelemetry: '),
      }
    }
  }
  try {
    const found = await assertTelemetryEvent(telemetry, event, match, action, waitOptions(options))
    return {
      pass: true,
      message: () =>
        `expected the action not to emit ${event} matching ${formatMatch(match)}, but it emitted ${found.event}`,
    }
  } catch (error) {
    if (!(error instanceof TelemetryExpectationError)) throw error
    return {
      pass: false,
      message: () => error.message.replace(/^assertTelemetryEvent: /, 'toEmitTelemetry: '),
    }
  }
}

async function toEmitTelemetrySequence(
  this: MatcherContext,
  received: unknown,
  steps: readonly EventStep[],
  options?: TelemetryMatcherOptions,
): Promise<MatcherResult> {
  const action = actionOf('toEmitTelemetrySequence', received)
  const telemetry = instanceOf(options)
  if (this.isNot) {
    const expected = steps.map(normalizeStep)
    const events = await captureTelemetry(telemetry, '*', action)
    let next = 0
    const at: number[] = []
    events.forEach((e, i) => {
      const step = expected[next]
      if (
        step &&
        eventMatchesPattern(step.event, e.event) &&
        matchEvent(step.match, e.measurements, e.metadata)
      ) {
        next += 1
        at.push(i + 1)
      }
    })
    const pass = next === expected.length
    return {
      pass,
      message: () =>
        pass
          ? `toEmitTelemetrySequence: expected the action not to emit ${expected.map((s) => s.event).join(' → ')} in order, but it did (events #${at.join(', #')} of ${events.length}).`
          : `expected the action to emit ${expected.map((s) => s.event).join(' → ')} in order`,
    }
  }
  try {
    await assertTelemetrySequence(telemetry, steps, action, waitOptions(options))
    return { pass: true, message: () => 'expected the action not to emit the sequence, but it did' }
  } catch (error) {
    if (!(error instanceof TelemetryExpectationError)) throw error
    return {
      pass: false,
      message: () => error.message.replace(/^assertTelemetrySequence: /, 'toEmitTelemetrySequence: '),
    }
  }
}

/** The matcher implementations, for `expect.extend` in a runner with a Jest-compatible `expect`. */
export const telemetryMatchers = { toEmitTelemetry, toEmitTelemetrySequence }

expect.extend(telemetryMatchers)
