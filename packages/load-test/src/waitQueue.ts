/**
 * The requests waiting for a connection, first in, first out: both HTTP clients (the helper's own
 * and the undici one) hand a freed connection to the oldest request that has not given up.
 */
export class WaitQueue<T> {
  private readonly items: Array<T | undefined> = []
  /** Index of the first live entry (entries before it were taken). */
  private head = 0
  private readonly gaveUp: (item: T) => boolean

  /** `gaveUp(item)`: whether a waiting request was abandoned (it is then skipped, never taken). */
  constructor(gaveUp: (item: T) => boolean) {
    this.gaveUp = gaveUp
  }

  push(item: T): void {
    this.items.push(item)
  }

  /** The oldest entry that has not given up, removed; `undefined` when none is left. */
  take(): T | undefined {
    const items = this.items
    while (this.head < items.length) {
      const next = items[this.head] as T
      items[this.head++] = undefined
      if (this.head === items.length) {
        items.length = 0
        this.head = 0
      } else if (this.head > 1024 && this.head * 2 > items.length) {
        // A queue that never empties: drop the taken entries now and then, not on every take.
        items.splice(0, this.head)
        this.head = 0
      }
      if (!this.gaveUp(next)) return next
    }
    return undefined
  }
}
