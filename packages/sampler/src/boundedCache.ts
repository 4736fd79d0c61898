/**
 * A map that forgets its oldest entries past `capacity`: the tail sampler's memory of decided
 * traces, so spans arriving after their trace left the buffer follow the same decision.
 */
export class BoundedCache<TValue> {
  private readonly map = new Map<string, TValue>()
  private readonly capacity: number

  constructor(capacity: number) {
    this.capacity = capacity
  }

  get(key: string): TValue | undefined {
    return this.map.get(key)
  }

  set(key: string, value: TValue): void {
    if (this.capacity <= 0) return
    this.map.delete(key)
    this.map.set(key, value)
    if (this.map.size > this.capacity) {
      const oldest = this.map.keys().next().value as string
      this.map.delete(oldest)
    }
  }

  get size(): number {
    return this.map.size
  }
}
