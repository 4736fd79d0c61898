/**
 * Reservoir sampling over one interval: a fixed-size uniform sample of a stream of unknown length
 * (Li's Algorithm L: random numbers are drawn only for the items that enter, not per item), or a
 * weighted one (Efraimidis and Spirakis' A-ExpJ: an exponential jump over the total weight to the
 * next entering item, so skipped items cost a subtraction). Both keep `size` items at most.
 */
export interface Reservoir<TItem> {
  /** Offer one item (with its weight, for a weighted reservoir). */
  offer(item: TItem, weight?: number): void
  /** Items offered since the last `drain`. */
  readonly seen: number
  /** Take the sample and start over: items with their inclusion-based adjusted counts. */
  drain(): Array<{ item: TItem; adjustedCount: number }>
}

/** The log of a draw from `random` in (0, 1), so always finite: log(0) would be -Infinity. */
function logDraw(random: () => number): number {
  const r = random()
  return Math.log(r > 0 ? r : Number.MIN_VALUE)
}

/** A uniform reservoir of `size` items (Algorithm L). */
export function createUniformReservoir<TItem>(size: number, random: () => number): Reservoir<TItem> {
  let items: TItem[] = []
  let seen = 0
  let w = 1
  let next = 0
  const advance = () => {
    next += Math.floor(logDraw(random) / Math.log(1 - w)) + 1
  }
  return {
    get seen() {
      return seen
    },
    offer(item) {
      seen++
      if (items.length < size) {
        items.push(item)
        if (items.length === size) {
          w = Math.exp(logDraw(random) / size)
          next = seen
          advance()
        }
        return
      }
      if (seen !== next) return
      items[Math.floor(random() * size)] = item
      w *= Math.exp(logDraw(random) / size)
      advance()
    },
    drain() {
      const n = seen
      const out = items.map((item) => ({ item, adjustedCount: n / items.length }))
      items = []
      seen = 0
      w = 1
      next = 0
      return out
    },
  }
}

interface Keyed<TItem> {
  item: TItem
  weight: number
  /** ln(u)/weight: the log of the Efraimidis–Spirakis key u^(1/weight); larger stays. */
  key: number
}

/** A weighted reservoir of `size` items (A-ExpJ), on log keys for precision with small weights. */
export function createWeightedReservoir<TItem>(size: number, random: () => number): Reservoir<TItem> {
  let heap: Array<Keyed<TItem>> = []
  let seen = 0
  let totalWeight = 0
  let jump = 0
  const up = (i: number) => {
    while (i > 0) {
      const parent = (i - 1) >> 1
      if ((heap[parent] as Keyed<TItem>).key <= (heap[i] as Keyed<TItem>).key) return
      ;[heap[parent], heap[i]] = [heap[i] as Keyed<TItem>, heap[parent] as Keyed<TItem>]
      i = parent
    }
  }
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1
      const r = l + 1
      let m = i
      if (l < heap.length && (heap[l] as Keyed<TItem>).key < (heap[m] as Keyed<TItem>).key) m = l
      if (r < heap.length && (heap[r] as Keyed<TItem>).key < (heap[m] as Keyed<TItem>).key) m = r
      if (m === i) return
      ;[heap[m], heap[i]] = [heap[i] as Keyed<TItem>, heap[m] as Keyed<TItem>]
      i = m
    }
  }
  // The weight to skip before the next item enters: ln(u) / (smallest log key), both negative.
  const newJump = () => {
    jump = logDraw(random) / (heap[0] as Keyed<TItem>).key
  }
  return {
    get seen() {
      return seen
    },
    offer(item, weight = 1) {
      if (!(weight > 0) || !Number.isFinite(weight)) return
      seen++
      totalWeight += weight
      if (heap.length < size) {
        heap.push({ item, weight, key: logDraw(random) / weight })
        up(heap.length - 1)
        if (heap.length === size) newJump()
        return
      }
      jump -= weight
      if (jump > 0) return
      // The entering item's key is drawn from (t, 1) with t = T_min^weight, T_min the smallest key.
      const t = Math.exp((heap[0] as Keyed<TItem>).key * weight)
      const r = t + (1 - t) * random()
      heap[0] = { item, weight, key: Math.log(r > 0 ? r : Number.MIN_VALUE) / weight }
      down(0)
      newJump()
    },
    drain() {
      const k = heap.length
      const total = totalWeight
      // Inclusion probability approximated by min(1, k·w/W): exact for uniform weights, and a
      // documented approximation otherwise.
      const out = heap.map((e) => ({ item: e.item, adjustedCount: 1 / Math.min(1, (k * e.weight) / total) }))
      heap = []
      seen = 0
      totalWeight = 0
      jump = 0
      return out
    },
  }
}
