/**
 * Notifications wait here until their receiver takes them. One delivery per receiver at a time,
 * in order; a failure that may pass (network error, timeout, 429, 5xx) is retried with
 * exponential backoff and jitter, or after the receiver's `Retry-After`; a refusal (other 4xx) is
 * dropped and reported. The outbox is bounded: past `maxEntries` the oldest waiting notification
 * is dropped, counted and reported. With `file`, the queue is written to disk after each change
 * and read back on start, so a restart loses nothing.
 */
import { readFileSync } from 'node:fs'
import { rename, writeFile } from 'node:fs/promises'
import type { Clock, ClockTimer } from '@foundation-telemetry/core'
import { parseDuration } from './duration.ts'
import { NotifierError, NotifierErrorCode } from './notifierError.ts'
import type { Duration, Notification, Notifier } from './types.ts'

/** Options of the outbox (`createAlerting({ outbox })`). */
export interface OutboxOptions {
  /** Notifications kept waiting, across receivers. Defaults to 1000. */
  maxEntries?: number
  /** A JSON file the queue is kept in across restarts. Defaults to memory only. */
  file?: string
  /** One attempt's time limit; the request is aborted after it. Defaults to 10 s. */
  timeout?: Duration
  /** The first retry delay. Defaults to 1 s. */
  initialBackoff?: Duration
  /** The longest retry delay (and the cap on `Retry-After`). Defaults to 5 min. */
  maxBackoff?: Duration
  /** Attempts before a notification is given up (counted and reported). Defaults to unlimited. */
  maxAttempts?: number
  /** Random source for jitter, in [0, 1). Defaults to Math.random. */
  random?: () => number
}

/** What the outbox tells its owner. */
export interface OutboxHooks {
  delivered(receiver: string, attempts: number): void
  retrying(receiver: string, error: unknown, delayMs: number): void
  failed(receiver: string, error: unknown, reason: 'rejected' | 'attempts'): void
  dropped(receiver: string, reason: string): void
  problem(message: string, details: Record<string, unknown>): void
}

interface Entry {
  id: number
  receiver: string
  notification: Notification
  attempts: number
  nextAt: number
}

interface Lane {
  queue: Entry[]
  busy: boolean
  wake: ClockTimer | undefined
}

/** The outbox. */
export class Outbox {
  private readonly clock: Clock
  private readonly notifiers: ReadonlyMap<string, Notifier>
  private readonly hooks: OutboxHooks
  private readonly maxEntries: number
  private readonly timeoutMs: number
  private readonly initialMs: number
  private readonly maxMs: number
  private readonly maxAttempts: number
  private readonly random: () => number
  private readonly file: string | undefined
  private readonly lanes = new Map<string, Lane>()
  private readonly inFlight = new Set<Promise<void>>()
  private size = 0
  private seq = 0
  private stopped = false
  /** Ends every attempt in flight (aborts it and settles it as interrupted) when the outbox stops. */
  private readonly interrupts = new Set<(error: Error) => void>()
  private writing: Promise<void> = Promise.resolve()
  private writeQueued = false

  constructor(
    clock: Clock,
    notifiers: ReadonlyMap<string, Notifier>,
    hooks: OutboxHooks,
    options: OutboxOptions = {},
  ) {
    this.clock = clock
    this.notifiers = notifiers
    this.hooks = hooks
    this.maxEntries = positive(options.maxEntries) ?? 1000
    this.timeoutMs = parseDuration(options.timeout) ?? 10_000
    this.initialMs = parseDuration(options.initialBackoff) ?? 1000
    this.maxMs = parseDuration(options.maxBackoff) ?? 300_000
    this.maxAttempts = positive(options.maxAttempts) ?? Number.POSITIVE_INFINITY
    this.random = options.random ?? Math.random
    this.file = options.file
    if (this.file !== undefined) this.load(this.file)
  }

  /** Notifications waiting (in flight included). */
  pending(receiver?: string): number {
    if (receiver === undefined) return this.size
    return this.lanes.get(receiver)?.queue.length ?? 0
  }

  /** Queue `notification` for `receiver` and start delivering. */
  enqueue(receiver: string, notification: Notification): void {
    if (this.stopped) return
    if (this.size >= this.maxEntries) this.dropOldest()
    this.lane(receiver).queue.push({ id: ++this.seq, receiver, notification, attempts: 0, nextAt: 0 })
    this.size++
    this.persist()
    this.pump(receiver)
  }

  /** Resolves once no delivery is in flight and the file (if any) is written. */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight])
    await this.writing
  }

  /**
   * Stop timers and interrupt deliveries in flight (a receiver that hangs cannot hold the stop up);
   * queued notifications, the interrupted ones included, stay in the file (if any) for the next start.
   */
  stop(): void {
    this.stopped = true
    for (const lane of this.lanes.values()) {
      if (lane.wake !== undefined) this.clock.clearTimeout(lane.wake)
      lane.wake = undefined
    }
    const stopped = new NotifierError(
      NotifierErrorCode.TIMEOUT,
      'alerting stopped while the delivery was in flight',
    )
    for (const interrupt of [...this.interrupts]) interrupt(stopped)
  }

  private lane(receiver: string): Lane {
    let lane = this.lanes.get(receiver)
    if (lane === undefined) {
      lane = { queue: [], busy: false, wake: undefined }
      this.lanes.set(receiver, lane)
    }
    return lane
  }

  private dropOldest(): void {
    let oldest: Entry | undefined
    let from: Lane | undefined
    for (const lane of this.lanes.values()) {
      // The head of a busy lane is in flight: it is not the one to drop.
      const candidate = lane.busy ? lane.queue[1] : lane.queue[0]
      if (candidate !== undefined && (oldest === undefined || candidate.id < oldest.id)) {
        oldest = candidate
        from = lane
      }
    }
    if (oldest === undefined || from === undefined) return
    from.queue.splice(from.queue.indexOf(oldest), 1)
    this.size--
    this.hooks.dropped(oldest.receiver, `outbox full (${this.maxEntries} notifications)`)
  }

  private pump(receiver: string): void {
    const lane = this.lanes.get(receiver)
    if (lane === undefined || lane.busy || this.stopped) return
    const head = lane.queue[0]
    if (head === undefined) return
    const now = this.clock.now()
    if (head.nextAt > now) {
      if (lane.wake === undefined) {
        lane.wake = this.clock.setTimeout(() => {
          lane.wake = undefined
          this.pump(receiver)
        }, head.nextAt - now)
        lane.wake.unref?.()
      }
      return
    }
    const notifier = this.notifiers.get(receiver)
    if (notifier === undefined) {
      lane.queue.shift()
      this.size--
      this.hooks.failed(receiver, new Error(`no notifier named ${receiver}`), 'rejected')
      this.persist()
      this.pump(receiver)
      return
    }
    lane.busy = true
    head.attempts++
    const delivery = this.attempt(notifier, head).then(
      () => this.settle(lane, head, undefined),
      (error: unknown) => this.settle(lane, head, error),
    )
    this.inFlight.add(delivery)
    void delivery.finally(() => this.inFlight.delete(delivery))
  }

  /** One attempt, raced against the timeout on the clock (a notifier that ignores the abort still loses). */
  private attempt(notifier: Notifier, entry: Entry): Promise<void> {
    const controller = new AbortController()
    let timer: ClockTimer | undefined
    let interrupt: ((error: Error) => void) | undefined
    const timeout = new Promise<never>((_, reject) => {
      interrupt = (error) => {
        controller.abort(error)
        reject(error)
      }
      this.interrupts.add(interrupt)
      timer = this.clock.setTimeout(() => {
        const error = new NotifierError(
          NotifierErrorCode.TIMEOUT,
          `${notifier.name}: no answer within ${this.timeoutMs} ms`,
        )
        controller.abort(error)
        reject(error)
      }, this.timeoutMs)
      timer.unref?.()
    })
    let sending: Promise<void>
    try {
      sending = Promise.resolve(notifier.send(entry.notification, { signal: controller.signal }))
    } catch (error) {
      sending = Promise.reject(error)
    }
    return Promise.race([sending, timeout]).finally(() => {
      if (timer !== undefined) this.clock.clearTimeout(timer)
      if (interrupt !== undefined) this.interrupts.delete(interrupt)
    })
  }

  private settle(lane: Lane, entry: Entry, error: unknown): void {
    lane.busy = false
    if (this.stopped && error !== undefined) {
      // Interrupted by stop: not a failure of the receiver; it stays queued for the next start.
      entry.attempts--
      this.persist()
      return
    }
    if (error === undefined) {
      this.remove(lane, entry)
      this.hooks.delivered(entry.receiver, entry.attempts)
    } else if (error instanceof NotifierError && !error.retryable) {
      this.remove(lane, entry)
      this.hooks.failed(entry.receiver, error, 'rejected')
    } else if (entry.attempts >= this.maxAttempts) {
      this.remove(lane, entry)
      this.hooks.failed(entry.receiver, error, 'attempts')
    } else {
      const delay = this.delay(entry.attempts, error)
      entry.nextAt = this.clock.now() + delay
      this.hooks.retrying(entry.receiver, error, delay)
      this.persist()
    }
    this.pump(entry.receiver)
  }

  private remove(lane: Lane, entry: Entry): void {
    const i = lane.queue.indexOf(entry)
    if (i !== -1) {
      lane.queue.splice(i, 1)
      this.size--
    }
    this.persist()
  }

  /** Equal jitter: half the exponential step fixed, half random; `Retry-After` wins when given. */
  private delay(attempts: number, error: unknown): number {
    if (error instanceof NotifierError && error.retryAfterMs !== undefined)
      return Math.min(error.retryAfterMs, this.maxMs)
    const step = Math.min(this.maxMs, this.initialMs * 2 ** (attempts - 1))
    return step / 2 + (this.random() * step) / 2
  }

  private persist(): void {
    const file = this.file
    if (file === undefined || this.writeQueued) return
    this.writeQueued = true
    this.writing = this.writing.then(async () => {
      this.writeQueued = false
      const entries: Entry[] = []
      for (const lane of this.lanes.values()) entries.push(...lane.queue)
      entries.sort((a, b) => a.id - b.id)
      const body = JSON.stringify({
        version: 1,
        entries: entries.map(({ receiver, notification, attempts }) => ({
          receiver,
          notification,
          attempts,
        })),
      })
      const tmp = `${file}.tmp`
      try {
        await writeFile(tmp, body)
        await rename(tmp, file)
      } catch (error) {
        this.hooks.problem(`outbox file ${file} could not be written: ${String(error)}`, { file, error })
      }
    })
  }

  private load(file: string): void {
    let text: string
    try {
      text = readFileSync(file, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        this.hooks.problem(`outbox file ${file} could not be read: ${String(error)}`, { file, error })
      }
      return
    }
    try {
      const parsed = JSON.parse(text) as {
        entries?: Array<{ receiver: string; notification: Notification; attempts?: number }>
      }
      for (const e of parsed.entries ?? []) {
        if (typeof e?.receiver !== 'string' || e.notification === null || typeof e.notification !== 'object')
          continue
        if (this.size >= this.maxEntries) this.dropOldest()
        this.lane(e.receiver).queue.push({
          id: ++this.seq,
          receiver: e.receiver,
          notification: e.notification,
          attempts: 0,
          nextAt: 0,
        })
        this.size++
      }
    } catch (error) {
      this.hooks.problem(`outbox file ${file} is not valid JSON: ${String(error)}`, { file, error })
    }
  }

  /** Start delivering what was loaded from the file. */
  resume(): void {
    this.stopped = false
    for (const receiver of this.lanes.keys()) this.pump(receiver)
  }
}

function positive(n: number | undefined): number | undefined {
  return typeof n === 'number' && n > 0 ? n : undefined
}
