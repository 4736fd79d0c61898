/**
 * The plumbing every helper shares: unique handler ids, one catch-all observer per helper that
 * can never throw into the bus, clock-driven timeouts, and running the user's action.
 */
import type { Clock, ClockTimer, Handler, Telemetry } from '@foundation-telemetry/core'
import { systemClock } from '@foundation-telemetry/core'
import type { Measurements, Metadata } from '@foundation-telemetry/taxonomy'
import { eventMatchesPattern } from './match.ts'

/** The default timeout of every helper, in ms. */
export const DEFAULT_TIMEOUT = 1000

/** Options every waiting helper accepts. */
export interface WaitOptions {
  /**
   * How long to wait, in ms, on `clock`. `Infinity` waits until the test runner gives up.
   * Defaults to 1000 ms.
   */
  timeout?: number
  /**
   * The clock the timeout runs on. Defaults to the telemetry instance's clock, so a manual clock
   * drives timeouts too: with one, a test expecting a timeout must `advance()` it. Real time is a
   * backstop for any clock but the system clock: after `timeout` real ms the helper fails with its
   * full message and a note that the clock never reached the deadline.
   */
  clock?: Clock
}

/** An event as a helper saw it. `measurements` and `metadata` are shallow copies taken on receipt. */
export interface ObservedEvent {
  event: string
  measurements: Measurements
  metadata: Metadata
}

/**
 * What the telemetry instance must offer the helpers: the bus and, for metric waits, `metrics`.
 * `attach` is the untyped form (any name, plain records), which every telemetry instance has and
 * a hand-written stand-in can implement in one line.
 */
export type TelemetryLike = Pick<Telemetry, 'detach' | 'listHandlers'> & {
  attach(id: string, events: string | readonly string[], handler: Handler): () => void
  readonly clock?: Clock
}

type ObserverHandler = (event: string, measurements: Measurements, metadata: Metadata) => void

let counter = 0

/** A handler id no other helper call uses: `ft-testing:<n>`. */
export function nextHandlerId(): string {
  counter += 1
  return `ft-testing:${counter}`
}

const catchAllSupport = new WeakMap<object, boolean>()

/**
 * Attach `handler` so it sees every event of `telemetry` (the `*` pattern), which lets failure
 * messages list what did happen. Where the instance does not accept `*`, falls back to `patterns`.
 * The handler is wrapped so a bug in it reaches `onError` instead of making core detach it.
 * Returns the function that detaches it.
 */
export function attachObserver(
  telemetry: TelemetryLike,
  patterns: readonly string[],
  handler: ObserverHandler,
  onError: (error: unknown) => void,
): () => void {
  const id = nextHandlerId()
  const safe = (event: string, measurements: Measurements, metadata: Metadata) => {
    try {
      handler(event, measurements, metadata)
    } catch (error) {
      onError(error)
    }
  }
  const known = catchAllSupport.get(telemetry)
  if (known !== false) {
    telemetry.attach(id, '*', safe)
    const attached = telemetry.listHandlers().some((info) => info.id === id)
    if (known === undefined) catchAllSupport.set(telemetry, attached)
    if (attached) return () => telemetry.detach(id)
  }
  const unique = [...new Set(patterns)]
  // Overlapping patterns would deliver one event twice; keep only the patterns no other one covers.
  const minimal = unique.filter(
    (pattern) =>
      !unique.some((other) => other !== pattern && other.endsWith('*') && coversPattern(other, pattern)),
  )
  telemetry.attach(id, minimal, (event, measurements, metadata) => {
    if (minimal.some((pattern) => eventMatchesPattern(pattern, event))) safe(event, measurements, metadata)
  })
  return () => telemetry.detach(id)
}

function coversPattern(wide: string, narrow: string): boolean {
  if (wide === '*') return true
  const prefix = wide.slice(0, -1)
  return narrow.startsWith(prefix) && narrow !== wide
}

/** Why a helper's timeout fired: its clock reached the deadline, or real time ran out first. */
export type TimeoutCause = 'clock' | 'real-time'

/**
 * Start a timeout on `clock`; returns the function that cancels it. A non-finite `ms` never fires.
 *
 * A test clock (manual or fake) moves only when the test moves it. If the test never does, the
 * deadline is never reached and the runner's own timeout fails the test with a bare "timed out"
 * that says nothing of the events seen. So for any clock other than the system clock, `ms` of real
 * time is a backstop: whichever comes first fires, once, and `fn` learns which.
 */
export function startTimeout(clock: Clock, ms: number, fn: (cause: TimeoutCause) => void): () => void {
  if (!Number.isFinite(ms)) return noop
  const delay = Math.max(0, ms)
  let done = false
  let backstop: ClockTimer | undefined
  const timer: ClockTimer = clock.setTimeout(() => fire('clock'), delay)
  if (clock !== systemClock) backstop = systemClock.setTimeout(() => fire('real-time'), delay)
  function cancel(): void {
    done = true
    clock.clearTimeout(timer)
    if (backstop !== undefined) systemClock.clearTimeout(backstop)
  }
  function fire(cause: TimeoutCause): void {
    if (done) return
    cancel()
    fn(cause)
  }
  return cancel
}

/** What a timeout message adds when real time, not the helper's clock, ended the wait. */
export function timeoutNote(cause: TimeoutCause, clock: Clock): string {
  if (cause === 'clock') return ''
  return (
    `\n(The wait ended on real time: the helper's clock is a test clock that stood at ${clock.now()} ` +
    'and never reached the deadline. Advance it, or pass `clock: systemClock` to wait in real time.)'
  )
}

/** The clock a helper's timeout runs on: the option, else the instance's, else the system clock. */
export function resolveClock(
  telemetry: { readonly clock?: Clock } | undefined,
  options?: WaitOptions,
): Clock {
  return options?.clock ?? telemetry?.clock ?? systemClock
}

/** Run the user's action (sync or async); a synchronous throw becomes a rejection. */
export function runAction(action: () => unknown): Promise<unknown> {
  try {
    return Promise.resolve(action())
  } catch (error) {
    return Promise.reject(error)
  }
}

/** Shallow copies, so later mutation by the emitter does not rewrite what a test received. */
export function snapshotEvent(event: string, measurements: unknown, metadata: unknown): ObservedEvent {
  return {
    event,
    measurements: { ...(measurements as Measurements | undefined) },
    metadata: { ...(metadata as Metadata | undefined) },
  }
}

function noop(): void {}
