/**
 * Ax's process-wide `axGlobals`: set the usage observer (and the OpenTelemetry tracer and meter
 * when given) and put back what was there.
 */

/** The `axGlobals` fields this module sets; pass Ax's `axGlobals`. */
export interface AxGlobalsLike {
  // `never`: any observer type fits, Ax's own included; this module only stores and chains it.
  onUsage: ((event: never) => unknown) | undefined
  tracer?: unknown
  meter?: unknown
}

/** What {@link AxGlobalsPatch.apply} sets; `tracer` and `meter` only when defined. */
export interface AxGlobalsSettings {
  onUsage: (event: never) => unknown
  tracer?: unknown
  meter?: unknown
}

/**
 * One change to `axGlobals`. The fields it may change are read when it is created, so an
 * `axGlobals` whose reads throw fails there, before anything is set; `restore` puts back only
 * what `apply` set, and leaves an observer someone set since in place.
 */
export class AxGlobalsPatch {
  /** The observer that was set before: the new one chains it. */
  readonly previousOnUsage: AxGlobalsLike['onUsage']
  private readonly previousTracer: unknown
  private readonly previousMeter: unknown
  private readonly globals: AxGlobalsLike
  private applied: AxGlobalsSettings | undefined

  constructor(globals: AxGlobalsLike) {
    this.globals = globals
    this.previousOnUsage = globals.onUsage
    this.previousTracer = globals.tracer
    this.previousMeter = globals.meter
  }

  /** Set `settings.onUsage`, and `tracer` and `meter` when defined. */
  apply(settings: AxGlobalsSettings): void {
    const globals = this.globals
    globals.onUsage = settings.onUsage
    if (settings.tracer !== undefined) globals.tracer = settings.tracer
    if (settings.meter !== undefined) globals.meter = settings.meter
    this.applied = settings
  }

  /** Put back what `apply` changed. Idempotent. */
  restore(): void {
    const settings = this.applied
    if (settings === undefined) return
    this.applied = undefined
    const globals = this.globals
    if (globals.onUsage === settings.onUsage) globals.onUsage = this.previousOnUsage
    if (settings.tracer !== undefined) globals.tracer = this.previousTracer
    if (settings.meter !== undefined) globals.meter = this.previousMeter
  }
}
