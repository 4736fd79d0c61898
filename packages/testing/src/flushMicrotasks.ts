/**
 * How many promise turns {@link flushMicrotasks} lets pass: more than the `await` chains a
 * telemetry step runs through (a handler, an exporter's flush, a helper's re-check), with room
 * to spare.
 */
export const MICROTASK_TURNS = 64

/**
 * Let queued promise continuations run, and the ones they queue in turn, up to
 * {@link MICROTASK_TURNS} deep, without leaving the current macrotask: no timer, no I/O, no time
 * passes on any clock, and a promise rejected meanwhile can still be handled by the caller before
 * Node reports it as unhandled (which waiting for `setImmediate` would not allow). This is the one
 * place the packages and their tests flush microtasks; nothing else counts promise turns.
 *
 * @example
 * void service.start() // schedules its next step from an `await` continuation
 * await flushMicrotasks()
 * expect(clock.pendingTimers()).toBe(1)
 */
export async function flushMicrotasks(): Promise<void> {
  for (let turn = 0; turn < MICROTASK_TURNS; turn++) await undefined
}
