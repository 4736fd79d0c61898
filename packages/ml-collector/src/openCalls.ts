/**
 * Open calls by id, oldest first. Calls usually run one after another, so the only open call sits
 * in a slot of its own and the map is touched only while calls overlap: a map that gains and loses
 * its one entry on every call resizes its table each time, which cost more than a lookup.
 */
export class OpenCalls<TState> {
  private soleId: string | undefined = undefined
  private sole: TState | undefined = undefined
  /** Calls opened while another was open, in the order they opened. */
  private readonly more = new Map<string, TState>()

  get size(): number {
    return this.more.size + (this.sole === undefined ? 0 : 1)
  }

  get(id: string): TState | undefined {
    return id === this.soleId ? this.sole : this.more.size === 0 ? undefined : this.more.get(id)
  }

  /** Track `state` as call `id` (not yet open). */
  add(id: string, state: TState): void {
    // The slot holds a call only while it is the oldest: it is filled when nothing else is open.
    if (this.sole === undefined && this.more.size === 0) {
      this.soleId = id
      this.sole = state
    } else this.more.set(id, state)
  }

  /** Stop tracking call `id`; returns its state, if it was open. */
  remove(id: string): TState | undefined {
    if (id === this.soleId) {
      const state = this.sole
      this.soleId = undefined
      this.sole = undefined
      return state
    }
    const state = this.more.get(id)
    if (state !== undefined) this.more.delete(id)
    return state
  }

  /** Stop tracking the call opened first; returns its state. */
  removeOldest(): TState | undefined {
    if (this.soleId !== undefined) return this.remove(this.soleId)
    const oldest = this.more.keys().next()
    return oldest.done === true ? undefined : this.remove(oldest.value)
  }
}
