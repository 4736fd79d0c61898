/**
 * The end of a helper's wait: it settles the wait's promise once, after releasing what the wait
 * holds (its observer, poll timer and timeout), so no handler or timer outlives the wait.
 */
export class WaitSettlement<T> {
  private done = false
  private readonly releases: Array<() => void> = []
  private readonly resolve: (value: T) => void
  private readonly reject: (error: unknown) => void

  constructor(resolve: (value: T) => void, reject: (error: unknown) => void) {
    this.resolve = resolve
    this.reject = reject
  }

  /** Whether the wait has settled; later events and timers must do nothing. */
  get finished(): boolean {
    return this.done
  }

  /** Release `release` when the wait settles (in the order held), or now if it already has. */
  hold(release: () => void): void {
    if (this.done) release()
    else this.releases.push(release)
  }

  /** Settle once: resolve with `value` when `error` is undefined, else reject with `error`. */
  finish(error: unknown, value?: T): void {
    if (this.done) return
    this.done = true
    for (const release of this.releases) release()
    if (error === undefined) this.resolve(value as T)
    else this.reject(error)
  }
}
