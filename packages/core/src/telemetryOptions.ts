import { invalidInput, type TelemetryError } from './errors.ts'
import { readOptionKeys } from './readOptionKeys.ts'
import type { Environment } from './resource.ts'
import type { SpanSampler, TelemetryOptions } from './types.ts'

/** Options of `createTelemetry` beyond the public {@link TelemetryOptions}. */
export interface CreateTelemetryOptions extends TelemetryOptions {
  /** Environment variables read for `OTEL_*` and `NODE_ENV`. Defaults to `process.env`. */
  env?: Environment
}

const OPTION_KEYS = [
  'service',
  'layer',
  'environment',
  'resource',
  'sampler',
  'redact',
  'onError',
  'clock',
  'enrich',
  'env',
  'eventSampler',
] as const satisfies ReadonlyArray<keyof CreateTelemetryOptions>

// Every option must be read: a key missing above would be silently ignored.
type UnreadOption = Exclude<keyof CreateTelemetryOptions, (typeof OPTION_KEYS)[number]>
const everyOptionRead: [UnreadOption] extends [never] ? true : UnreadOption = true
void everyOptionRead

/**
 * The options, read once into a plain object: an options object whose properties throw (a
 * Proxy, a getter) gives the defaults instead of an exception, and the error is handed back to
 * be reported.
 */
export function readOptions(options: unknown): { opts: CreateTelemetryOptions; unreadable?: unknown } {
  if (typeof options !== 'object' || options === null) return { opts: {} }
  const read = readOptionKeys<CreateTelemetryOptions>(options, OPTION_KEYS)
  return read.unreadable.length === 0 ? { opts: read.options } : { opts: {}, unreadable: read.error }
}

/** The error reported when the options object could not be read. */
export function unreadableOptions(error: unknown): TelemetryError {
  return invalidInput('createTelemetry: options could not be read; defaults used', {
    api: 'createTelemetry',
    error,
  })
}

/** The `sampler` option when it has `shouldSample()`; anything else is reported and ignored. */
export function readSampler(
  sampler: unknown,
  report: (error: TelemetryError) => void,
): SpanSampler | undefined {
  if (sampler === undefined) return undefined
  if (hasShouldSample(sampler)) return sampler
  report(
    invalidInput('createTelemetry: sampler needs shouldSample(); sampling every trace', {
      api: 'createTelemetry',
    }),
  )
  return undefined
}

function hasShouldSample(value: unknown): value is SpanSampler {
  try {
    return (
      typeof value === 'object' && value !== null && typeof (value as SpanSampler).shouldSample === 'function'
    )
  } catch {
    // A sampler whose properties throw (a Proxy) is no sampler.
    return false
  }
}
