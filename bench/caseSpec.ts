/**
 * The contract between the runner and the case files: each case says what it measures, its goal, and
 * how to prepare each side. Preparation happens in a fresh worker process per side and round, so our
 * code and the peer never share JIT feedback or heap.
 */

/** The unit of a case's figure: per-operation nanoseconds, or bytes (per series). */
export type CaseUnit = 'ns' | 'bytes'

/**
 * A case's published goal: `ratio` compares ours / peer_value; `absolute` compares ours itself
 * (in the case's unit); `none` publishes the figures only.
 */
export interface Goal {
  /** `none`: an informational case without a published goal (its status is `info`). */
  kind: 'ratio' | 'absolute' | 'none'
  /** Passes when the figure is at most this. */
  max: number
}

/** A description of what went wrong, or undefined when nothing did. */
export type Problem = string | undefined

/** What one prepared side hands the worker. */
export type Prepared =
  | {
      kind: 'ns'
      /** One operation. May return a promise (awaited, and its time counted). Its return value is consumed. */
      run: () => unknown
      /**
       * Operations one `run` performs; the figure is divided by it. Cases whose peer needs the event
       * loop (a batch processor finishing an export) run a batch and then yield. Defaults to 1.
       */
      opsPerRun?: number
      /** Called after measuring: a message when the operation did not really do its work. */
      verify?: () => Problem | Promise<Problem>
      /**
       * The same operation without the code under test (a bare SDK call). When given, the figure is
       * the cost `run` adds: the two are timed alternately and the baseline's median is subtracted
       * from `run`'s (see `measureAddedNs`).
       */
      baseline?: () => unknown
      /**
       * `cpu`: this process's CPU time (every thread) per operation instead of wall time, for
       * operations that wait on another process (a server): what the measured side spends, not
       * how long the other side takes. Defaults to `wall`.
       */
      clock?: 'wall' | 'cpu'
    }
  | {
      kind: 'bytes'
      /**
       * Builds the measured structure (e.g. 10k series) from inputs prepared beforehand and returns it,
       * so it stays reachable while the heap is read. Called once per repetition (`rep` -1 is an
       * unmeasured warm-up), each time building new instruments.
       */
      create: (rep: number) => unknown
      /** Divides the heap delta: bytes per this many items. */
      per: number
      verify?: (created: unknown) => Problem | Promise<Problem>
    }
  | {
      kind: 'unavailable'
      /** Why: shown in the table and the report, e.g. "not yet available: createTelemetry". */
      note: string
    }

/** Settings a side may adapt to (smoke runs build the same structures, only measure less). */
export interface SideEnv {
  smoke: boolean
}

/** One benchmark case. */
export interface CaseSpec {
  /** The id in results.json, declared once, in `bench/cases.ts` (the case files do not repeat it). */
  id: string
  unit: CaseUnit
  goal: Goal
  /** A short name of the peer, or null when the case has none. */
  peer: string | null
  /** What the case measures, for the table's notes and the README. */
  description: string
  /**
   * Prepares our side. Throwing `NotYetAvailable` (bench/ours.ts) or a "not built yet" placeholder
   * error makes the side `unavailable`: `loadCase` guards both sides, so case files need not.
   */
  ours: (env: SideEnv) => Promise<Prepared>
  /** Absent when the case has no peer. */
  peerSide?: (env: SideEnv) => Promise<Prepared>
  /** A note shown even when both sides ran (e.g. pending status). */
  note?: string
}

/**
 * What a case file exports: a case without its id. The index (`bench/cases.ts`) names the case and
 * finds the export by the id's camelCase form, so the id is written in one place only.
 */
export type CaseDefinition = Omit<CaseSpec, 'id'>

/** Shorthand for an unavailable side. */
export function unavailable(note: string): Prepared {
  return { kind: 'unavailable', note }
}

/**
 * One turn of the event loop (`setImmediate`): what a run of a case whose side needs the loop (a batch
 * processor finishing an export) awaits after its batch.
 */
export function yieldToLoop(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve))
}
