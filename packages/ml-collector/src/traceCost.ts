/**
 * LLM cost per optimization run: the sum of the costs of LLM requests made inside the run's
 * trace while the run is open. Only traces with an open run are tracked, and at most
 * `maxOpenRuns` of them (the oldest is dropped first), so memory stays bounded even when runs
 * never finish.
 */
export interface TraceCostTracker {
  /** A run started in `traceId`. */
  open(traceId: string, runId: string): void
  /** Add `cost` to the open run of `traceId`, if there is one. */
  add(traceId: string, cost: number): void
  /**
   * The cost of the run `runId` of `traceId`, removing it. Asking again for the same run returns
   * the same value (several metrics read it from one event). Undefined for a run never opened.
   */
  settle(traceId: string, runId: string): number | undefined
  /** Open runs tracked. */
  size(): number
}

interface OpenRun {
  runId: string
  cost: number
  /** Runs of this trace still open (nested or concurrent runs share the trace's cost). */
  depth: number
}

/** Create a tracker; `onEvict` is told when a run is dropped to stay within `maxOpenRuns`. */
export function createTraceCostTracker(
  maxOpenRuns = 1000,
  onEvict: (traceId: string) => void = () => {},
): TraceCostTracker {
  const runs = new Map<string, OpenRun>()
  let lastKey: string | undefined
  let lastCost: number | undefined

  return {
    open(traceId, runId) {
      const run = runs.get(traceId)
      if (run) {
        run.depth++
        return
      }
      if (runs.size >= maxOpenRuns) {
        const oldest = runs.keys().next().value
        if (oldest !== undefined) {
          runs.delete(oldest)
          onEvict(oldest)
        }
      }
      runs.set(traceId, { runId, cost: 0, depth: 1 })
    },
    add(traceId, cost) {
      // Most requests run outside any optimization: no lookup (and no hashing of a new trace id).
      if (runs.size === 0) return
      const run = runs.get(traceId)
      if (run) run.cost += cost
    },
    settle(traceId, runId) {
      const key = `${traceId}/${runId}`
      if (key === lastKey) return lastCost
      const run = runs.get(traceId)
      if (run === undefined) return undefined
      lastKey = key
      lastCost = run.cost
      if (--run.depth <= 0) runs.delete(traceId)
      return lastCost
    },
    size: () => runs.size,
  }
}
