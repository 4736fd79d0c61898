/**
 * A listener of ours as a library calls it: a throw goes to `onThrow` and never reaches the
 * library (a cockatiel policy's execution, bottleneck's emitter), and the result is always
 * undefined (bottleneck reads a `failed` listener's result as a retry delay, and ours must never
 * ask for one). Two parameters rather than rest ones, so an event allocates no arguments array:
 * the adapters' listeners read at most two.
 */
export function guardListener<TFirst, TSecond>(
  listener: (first: TFirst, second: TSecond) => unknown,
  onThrow: (error: unknown) => void,
): (first: TFirst, second?: TSecond) => undefined {
  return (first, second) => {
    try {
      listener(first, second as TSecond)
    } catch (error) {
      onThrow(error)
    }
    return undefined
  }
}
