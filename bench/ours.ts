/**
 * Loads our packages for the "ours" side of a case without assuming they are finished: a missing
 * export or a placeholder that throws "not built yet" makes the case unavailable (reported, never
 * faked); any other failure is a real error and fails the run.
 */
import type { Measurements, Metadata, Telemetry, TelemetryOptions } from '@foundation-telemetry/core'
import type { Prepared, Problem } from './caseSpec.ts'

/** The part of `@foundation-telemetry/core` the bench uses. */
export interface CoreModule {
  createTelemetry(options?: TelemetryOptions): Telemetry
}

/** Thrown when our side cannot be built yet; the worker turns it into an `unavailable` side. */
export class NotYetAvailable extends Error {
  override readonly name = 'NotYetAvailable'
}

const PLACEHOLDER = /not (yet )?(built|implemented|available)/i

/** Rethrows placeholder failures as {@link NotYetAvailable}, anything else unchanged. */
export function classify(error: unknown, what: string): never {
  const message = error instanceof Error ? error.message : String(error)
  if (PLACEHOLDER.test(message)) throw new NotYetAvailable(`not yet available: ${what} (${message})`)
  throw error
}

/**
 * Imports a module by specifier and returns the named export when it is a function.
 * Throws {@link NotYetAvailable} naming what is missing otherwise.
 */
export async function importFunction<TFn>(specifier: string, name: string): Promise<TFn> {
  let mod: Record<string, unknown>
  try {
    mod = (await import(specifier)) as Record<string, unknown>
  } catch (error) {
    throw new NotYetAvailable(`not yet available: ${specifier} (${(error as Error).message})`)
  }
  const value = mod[name]
  if (typeof value !== 'function') throw new NotYetAvailable(`not yet available: ${specifier} ${name}`)
  return value as TFn
}

/** Errors our telemetry instance reported while a case ran; a case that reports any did not do its work. */
export interface ErrorLog {
  readonly errors: Error[]
  /** A message describing the first reported error, or undefined when there were none. */
  describe(): string | undefined
}

/**
 * A fresh telemetry instance with an error log attached, using the defaults a user gets except for
 * `service` and `onError`.
 */
export async function ourTelemetry(
  options: TelemetryOptions = {},
): Promise<{ telemetry: Telemetry; log: ErrorLog }> {
  const createTelemetry = await importFunction<CoreModule['createTelemetry']>(
    '@foundation-telemetry/core',
    'createTelemetry',
  )
  const errors: Error[] = []
  const log: ErrorLog = {
    errors,
    describe: () =>
      errors.length === 0 ? undefined : `telemetry reported ${errors.length} error(s): ${errors[0]?.message}`,
  }
  try {
    const telemetry = createTelemetry({
      service: 'bench',
      ...options,
      onError: (error) => {
        if (errors.length < 100) errors.push(error)
      },
    })
    return { telemetry, log }
  } catch (error) {
    return classify(error, 'createTelemetry')
  }
}

/** Runs a side's setup, turning {@link NotYetAvailable} into an `unavailable` side. */
export async function guard(setup: () => Promise<Prepared>): Promise<Prepared> {
  try {
    return await setup()
  } catch (error) {
    if (error instanceof NotYetAvailable) return { kind: 'unavailable', note: error.message }
    const message = error instanceof Error ? error.message : String(error)
    if (PLACEHOLDER.test(message)) return { kind: 'unavailable', note: `not yet available (${message})` }
    throw error
  }
}

/** Combines a case's own check with the telemetry error log. */
export function verifyWith(log: ErrorLog, check?: () => Problem | Promise<Problem>): () => Promise<Problem> {
  return async () => (await check?.()) ?? log.describe()
}

/**
 * The sum over every series of metric `name` in our store: counter values, or histogram/summary counts.
 * Reads through `collect()`, the same path the exporters use.
 */
export function ourTotal(telemetry: Telemetry, name: string): number {
  let sum = 0
  for (const metric of telemetry.metrics.collect()) {
    if (metric.name !== name) continue
    for (const series of metric.series) {
      sum += series.histogram?.count ?? series.summary?.count ?? series.value ?? 0
    }
  }
  return sum
}

/** The part of a pre-resolved event handle (`t.event(name)`) the bench uses. */
export interface EventHandleLike {
  execute(measurements?: Measurements, metadata?: Metadata): void
  hasHandlers(): boolean
}

/**
 * `telemetry.event(name)`, the pre-resolved handle (the like-for-like of `diagnostics_channel`'s
 * `channel(name)`). Throws {@link NotYetAvailable} when core does not offer handles, so a case
 * measuring them reports "not yet available" instead of silently measuring `execute` by name.
 */
export function eventHandle(telemetry: Telemetry, name: string): EventHandleLike {
  const event = (telemetry as { event?: unknown }).event
  if (typeof event !== 'function') throw new NotYetAvailable('not yet available: telemetry.event(name)')
  return (event as (name: string) => EventHandleLike).call(telemetry, name)
}

/** Compares a total read back from a metrics store with how many operations ran. */
export function expectTotal(what: string, total: number, expected: number): Problem {
  if (expected === 0) return `${what}: no operation ran`
  return total === expected ? undefined : `${what}: total ${total}, expected ${expected}`
}
