/**
 * The handles (auctions, sessions, tasks) opened and not yet closed, bounded in number and age.
 * A handle evicted because too many are open, or found older than `maxAge` when another one
 * opens, is reported as never closed and its span ends with an error status; no timer runs.
 */

import { type Reporter, reportDropped } from './problems.ts'
import type { TracedOperation } from './tracedOperation.ts'

/** One open handle as the registry sees it. */
export interface OpenHandle {
  readonly kind: 'auction' | 'session' | 'task'
  readonly id: string
  readonly operation: TracedOperation
  /** Monotonic ms it opened at. */
  readonly openedAt: number
}

/** Options of {@link OpenHandles}. */
export interface OpenHandlesOptions {
  /** Handles open at once. */
  maxOpen: number
  /** Age (ms) after which an open handle counts as never closed. */
  maxAge: number
}

/** See the module comment. */
export class OpenHandles {
  // Insertion order is opening order: the first entry is the oldest.
  private readonly handles = new Set<OpenHandle>()
  private readonly t: Reporter
  private readonly options: OpenHandlesOptions

  constructor(t: Reporter, options: OpenHandlesOptions) {
    this.t = t
    this.options = options
  }

  /** Track `handle`, abandoning handles that are too old or one too many. */
  add(handle: OpenHandle): void {
    const oldest = handle.openedAt - this.options.maxAge
    for (const open of this.handles) {
      if (open.openedAt > oldest) break
      this.abandon(open, `was never closed (open longer than ${this.options.maxAge} ms)`)
    }
    if (this.handles.size >= this.options.maxOpen) {
      const first = this.handles.values().next().value
      if (first !== undefined)
        this.abandon(first, `was never closed (more than ${this.options.maxOpen} handles open)`)
    }
    this.handles.add(handle)
  }

  /** Stop tracking a closed handle. */
  delete(handle: OpenHandle): void {
    this.handles.delete(handle)
  }

  /** Handles open now. */
  get size(): number {
    return this.handles.size
  }

  private abandon(handle: OpenHandle, why: string): void {
    this.handles.delete(handle)
    const message = `${handle.kind} ${handle.id} ${why}`
    handle.operation.end(new Error(message))
    reportDropped(this.t, 'agentInstrumentation', message, { kind: handle.kind, id: handle.id })
  }
}
