/**
 * Argument checks shared by the helpers. A helper never throws: a bad argument becomes a rejected
 * promise whose message says which argument and why.
 */

/** A message for the first problem with `telemetry`, or undefined when it looks usable. */
export function checkTelemetry(helper: string, telemetry: unknown): string | undefined {
  const t = telemetry as { attach?: unknown; detach?: unknown; listHandlers?: unknown } | null | undefined
  if (
    !t ||
    typeof t.attach !== 'function' ||
    typeof t.detach !== 'function' ||
    typeof t.listHandlers !== 'function'
  ) {
    return `${helper}: the first argument must be a telemetry instance (from createTelemetry), got ${describe(telemetry)}.`
  }
  return undefined
}

/** A message when `event` is not a non-empty string. */
export function checkEventName(helper: string, event: unknown): string | undefined {
  if (typeof event !== 'string' || event.length === 0) {
    return `${helper}: the event must be a non-empty name or prefix pattern, got ${describe(event)}.`
  }
  return undefined
}

/** A message for the first malformed step, or undefined. */
export function checkSteps(helper: string, steps: unknown): string | undefined {
  if (!Array.isArray(steps) || steps.length === 0) return `${helper}: expected a non-empty list of events.`
  for (const step of steps) {
    const problem = checkEventName(
      helper,
      typeof step === 'string' ? step : Array.isArray(step) ? step[0] : step,
    )
    if (problem) return problem
  }
  return undefined
}

/** A message when `action` is not a function. */
export function checkAction(helper: string, action: unknown): string | undefined {
  return typeof action === 'function' ? undefined : `${helper}: the action must be a function.`
}

/** A rejected promise carrying a TypeError with `message`. */
export function rejectWith<T>(message: string): Promise<T> {
  return Promise.reject(new TypeError(message))
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return typeof value === 'object' ? 'an object without attach/detach/listHandlers' : typeof value
}
