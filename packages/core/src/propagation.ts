import { bindContext } from './context.ts'
import { invalidContext, invalidInput, type TelemetryError } from './errors.ts'
import { validSpanContext } from './spanContext.ts'
import { extractContext, injectContext } from './traceparent.ts'
import type { Span, SpanContext, Telemetry } from './types.ts'

/** `t.inject`, `t.extract` and `t.bind`: carrying the active context across a boundary. */
export interface Propagation extends Pick<Telemetry, 'inject' | 'extract'> {
  /** `fn` bound to the current async context. */
  bind<TFn extends (...args: never[]) => unknown>(fn: TFn): TFn
}

/** What {@link createPropagation} needs from its instance. */
export interface PropagationOptions {
  activeSpanContext: () => SpanContext | undefined
  report: (error: TelemetryError) => void
}

function invalid(api: string, message: string, error?: unknown): TelemetryError {
  return invalidInput(`${api}: ${message}`, error === undefined ? { api } : { api, error })
}

/** The span context of a span or a span context object; `undefined` when it cannot be read. */
function contextOf(value: Span | SpanContext): unknown {
  try {
    return typeof (value as Span).spanContext === 'function' ? (value as Span).spanContext() : value
  } catch {
    return undefined
  }
}

/** Create the propagation calls of one instance; bad input is reported, never thrown. */
export function createPropagation(options: PropagationOptions): Propagation {
  const { activeSpanContext, report } = options

  const sourceContext = (spanOrContext: Span | SpanContext | undefined): SpanContext | undefined => {
    try {
      return validSpanContext(spanOrContext === undefined ? activeSpanContext() : contextOf(spanOrContext))
    } catch {
      // A hostile span or context object: read as no context (the caller reports it).
      return undefined
    }
  }

  return {
    inject(carrier, spanOrContext) {
      if (typeof carrier !== 'object' || carrier === null) {
        report(invalid('inject', 'carrier must be an object'))
        return carrier
      }
      const context = sourceContext(spanOrContext)
      if (context === undefined) {
        if (spanOrContext !== undefined) report(invalid('inject', 'not a valid span or span context'))
        return carrier
      }
      try {
        injectContext(carrier, context)
      } catch (error) {
        report(invalid('inject', 'carrier could not be written', error))
      }
      return carrier
    },

    extract(carrier) {
      const result = extractContext(carrier)
      if (result.invalid !== undefined) {
        report(
          invalidContext(`extract: ${result.invalid}`, {
            api: 'extract',
            reason: result.invalid,
          }),
        )
      }
      return result.context
    },

    bind(fn) {
      if (typeof fn !== 'function') {
        report(invalid('bind', 'fn must be a function'))
        return fn
      }
      try {
        return bindContext(fn)
      } catch (error) {
        report(invalid('bind', 'fn could not be read', error))
        return fn
      }
    },
  }
}
