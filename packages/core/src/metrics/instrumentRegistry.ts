/**
 * The instruments of one engine by name, with the instrument limit. Asking for a name gets the
 * registered instrument of that kind, or builds and registers a new one; a bad name, a name taken
 * by another kind, or a name past the limit gets a working instrument that is not registered (and
 * so not exported), reported. Never throws.
 */
import type { MetricDefinition } from '@foundation-telemetry/taxonomy'
import { TelemetryErrorCode } from '../errors.ts'
import type { AnyInstrument } from './collect.ts'
import type { EngineContext } from './engineContext.ts'
import { describe, type InstrumentConfig } from './instrument.ts'
import { optionsObject, resolveConfig } from './instrumentOptions.ts'
import type { InstrumentKind } from './types.ts'

/** Instruments per engine; past it new names are reported and not registered. */
export const MAX_INSTRUMENTS = 10_000

/** Builds an instrument of one kind from its resolved config and its raw options object. */
export type BuildInstrument<TInstrument> = (
  config: InstrumentConfig,
  options: Record<string, unknown>,
) => TInstrument

/** The registry of one engine. */
export interface InstrumentRegistry {
  /** The registered instrument named `name`, if any. */
  get(name: string): AnyInstrument | undefined
  /** Every registered instrument, in registration order. */
  all(): Iterable<AnyInstrument>
  readonly size: number
  /** The registered instrument of `kind` named `rawName`, else a new one built by `build`. */
  obtain<TInstrument extends AnyInstrument>(
    kind: InstrumentKind,
    rawName: unknown,
    rawOptions: unknown,
    build: BuildInstrument<TInstrument>,
  ): TInstrument
  /** Whether the limit refuses new names; reported once per episode when it does. */
  refuses(name: string): boolean
  /** Allow the next refusal to be reported again (called once per collection). */
  rearm(): void
}

/** An empty registry whose configs read the taxonomy through `definitionOf`. */
export function createInstrumentRegistry(
  ctx: EngineContext,
  definitionOf: (name: string) => MetricDefinition | undefined,
): InstrumentRegistry {
  return new InstrumentTable(ctx, definitionOf)
}

/** The registry: instruments by name in a map, and the limit's once-per-episode report. */
class InstrumentTable implements InstrumentRegistry {
  private readonly instruments = new Map<string, AnyInstrument>()
  // One report per episode of the limit, as the cardinality limit does: a flood of new names
  // must not flood the error hook too.
  private limitNoticed = false
  private readonly ctx: EngineContext
  private readonly definitionOf: (name: string) => MetricDefinition | undefined

  constructor(ctx: EngineContext, definitionOf: (name: string) => MetricDefinition | undefined) {
    this.ctx = ctx
    this.definitionOf = definitionOf
  }

  get(name: string): AnyInstrument | undefined {
    return this.instruments.get(name)
  }

  all(): Iterable<AnyInstrument> {
    return this.instruments.values()
  }

  get size(): number {
    return this.instruments.size
  }

  obtain<TInstrument extends AnyInstrument>(
    kind: InstrumentKind,
    rawName: unknown,
    rawOptions: unknown,
    build: BuildInstrument<TInstrument>,
  ): TInstrument {
    try {
      return this.registered(kind, rawName, rawOptions, build)
    } catch (error) {
      // A hostile name or options object (a throwing Proxy, getter or toString): an unregistered
      // instrument with default options, so the caller's next call works and nothing is thrown.
      const name = describe(rawName)
      this.ctx.report(TelemetryErrorCode.INVALID_INPUT, `metric ${name}: name or options could not be read`, {
        metric: name,
        error,
      })
      return build(resolveConfig(this.ctx, name, {}, undefined), {})
    }
  }

  refuses(name: string): boolean {
    if (this.instruments.size < MAX_INSTRUMENTS) return false
    if (!this.limitNoticed) {
      this.limitNoticed = true
      this.ctx.report(
        TelemetryErrorCode.DATA_DROPPED,
        `more than ${MAX_INSTRUMENTS} metrics; ${name} and further new names are not registered`,
        { metric: name, limit: MAX_INSTRUMENTS, reason: 'instrument_limit' },
      )
    }
    return true
  }

  rearm(): void {
    this.limitNoticed = false
  }

  /** The registered instrument, a new registered one, or (bad name, kind clash) an unregistered one. */
  private registered<TInstrument extends AnyInstrument>(
    kind: InstrumentKind,
    rawName: unknown,
    rawOptions: unknown,
    build: BuildInstrument<TInstrument>,
  ): TInstrument {
    const { ctx } = this
    const options = optionsObject(ctx, rawOptions, rawName)
    if (typeof rawName !== 'string' || rawName.length === 0) {
      const message = `metric name must be a non-empty string, got ${describe(rawName)}`
      return unregistered(ctx, String(rawName), options, build, message, {})
    }
    const name = rawName
    const existing = this.instruments.get(name)
    if (existing !== undefined) {
      if (existing.kind === kind) return existing as TInstrument
      const message = `metric ${name} is already a ${existing.kind}; this ${kind} is not registered and will not be exported`
      return unregistered(ctx, name, options, build, message, { kind, existing: existing.kind })
    }
    const created = build(resolveConfig(ctx, name, options, this.definitionOf(name)), options)
    if (!this.refuses(name)) this.instruments.set(name, created)
    return created
  }
}

/** A working instrument outside the registry, after `message` is reported. */
function unregistered<TInstrument>(
  ctx: EngineContext,
  name: string,
  options: Record<string, unknown>,
  build: BuildInstrument<TInstrument>,
  message: string,
  details: Record<string, unknown>,
): TInstrument {
  ctx.report(TelemetryErrorCode.INVALID_INPUT, message, { metric: name, ...details })
  return build(resolveConfig(ctx, name, options, undefined), options)
}
