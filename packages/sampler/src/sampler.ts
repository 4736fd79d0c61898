import {
  type ClockTimer,
  type EventSamplerLink,
  handlerFailure,
  invalidInput,
  type Measurements,
  type Metadata,
  systemClock,
  type TelemetryError,
} from '@foundation-telemetry/core'
import { loadFactor, resolveAdjustments } from './adjustments.ts'
import { decideEvent } from './eventDecision.ts'
import { seenSince, settleHeld } from './intervalAccounting.ts'
import type { NameState } from './nameState.ts'
import { isValidPattern } from './patterns.ts'
import { tellProblem } from './problems.ts'
import { asClock, readLimits, readOptions } from './readOptions.ts'
import type { Rule } from './rule.ts'
import { invalidStrategy } from './rule.ts'
import { DEFAULT_PATTERN, RuleBook } from './ruleBook.ts'
import { createSamplerMetrics, type SamplerMetrics } from './samplerMetrics.ts'
import { createTraceSampler } from './traceSampler.ts'
import type { ReservoirItem, Sampler, SamplerOptions, StrategyConfig } from './types.ts'

const ALWAYS: StrategyConfig = Object.freeze({ strategy: 'always' })
/** Problems kept for the first telemetry instance that connects, when nobody else heard them. */
const MAX_PENDING_ERRORS = 100

/**
 * Create a sampler: per-event rules (always, never, random, rate_limited, adaptive, reservoir)
 * by exact name or `prefix.*` pattern, the error/load/critical-path adjustments, trace decisions
 * consistent with OpenTelemetry (`sampler.traces`) and event decisions for sampled delivery.
 *
 * @example
 * import { createTelemetry } from '@foundation-telemetry/core'
 * import { createSampler } from '@foundation-telemetry/sampler'
 *
 * const sampler = createSampler({
 *   default: { strategy: 'random', rate: 0.1 },
 *   events: {
 *     'foundation.cache.hit': { strategy: 'random', rate: 0.001 },
 *     'foundation_os.error.*': { strategy: 'always' },
 *     'api.request': { strategy: 'adaptive', targetPerSecond: 1000 },
 *   },
 * })
 * const t = createTelemetry({ sampler: sampler.traces })
 * t.attach('export', 'api.*', exportEvent, { sampled: true })
 */
export function createSampler(options: SamplerOptions = {}): Sampler {
  // Every option is read once, here, under a guard; the decision path only sees plain values.
  const { options: opts, unreadable } = readOptions<SamplerOptions>(options, SAMPLER_OPTION_KEYS)
  if (opts.clock !== undefined && asClock(opts.clock) === undefined) {
    unreadable.push('clock')
    delete opts.clock
  }
  try {
    return buildSampler(opts, unreadable)
  } catch {
    // Nested configuration that threw while being read (a hostile rule or telemetry object):
    // the documented fallback, the default rule (keep), with the problem reported.
    const onError = typeof opts.onError === 'function' ? opts.onError : undefined
    return buildSampler(onError === undefined ? {} : { onError }, [...unreadable, 'options'])
  }
}

const SAMPLER_OPTION_KEYS = [
  'default',
  'events',
  'adjustments',
  'clock',
  'random',
  'telemetry',
  'onError',
  'onReservoir',
  'maxTrackedNames',
  'precision',
] as const

function buildSampler(opts: SamplerOptions, unreadable: readonly string[]): Sampler {
  const clock = opts.clock ?? systemClock
  const random = typeof opts.random === 'function' ? opts.random : Math.random
  const adjustments = resolveAdjustments(opts.adjustments)
  const { precision, maxNames } = readLimits(opts)

  const links: EventSamplerLink[] = []
  const metrics: SamplerMetrics[] = []
  const pending: TelemetryError[] = []
  const timers = new Map<Rule, ClockTimer>()
  let closed = false

  const report = (error: TelemetryError) => {
    if (!tellProblem(error, opts.onError, links) && pending.length < MAX_PENDING_ERRORS) pending.push(error)
  }
  const invalid = (message: string, details: Record<string, unknown>) =>
    report(
      invalidInput(`sampler: ${message}`, {
        api: 'sampler',
        ...details,
      }),
    )
  if (unreadable.length > 0)
    invalid(`unusable options (${unreadable.join(', ')}); defaults used`, { option: unreadable.join(',') })

  /** Settle a reservoir's interval: its held events become sampled or dropped, the sample is sent. */
  const deliver = (rule: Rule, items: readonly ReservoirItem[]) => {
    settleHeld(book.states(), rule, items, (event) => book.stateFor(event))
    if (items.length === 0) return
    for (const item of items) {
      for (const link of links)
        link.deliverSampled(item.event, item.measurements, item.metadata, item.adjustedCount)
    }
    if (typeof opts.onReservoir === 'function') {
      try {
        opts.onReservoir(items)
      } catch (error) {
        report(
          handlerFailure('sampler: onReservoir failed', {
            handler_id: 'sampler.onReservoir',
            error,
          }),
        )
      }
    }
  }

  const seen = (rule: Rule): number => seenSince(book.states(), rule)

  const endInterval = (rule: Rule) => {
    const items = rule.endInterval(seen(rule))
    book.refreshAll()
    deliver(rule, items)
  }

  const onRule = (added: Rule, replaced: Rule | undefined) => {
    if (replaced !== undefined) {
      const timer = timers.get(replaced)
      if (timer !== undefined) clock.clearInterval(timer)
      timers.delete(replaced)
      if (replaced.kind === 'reservoir') deliver(replaced, replaced.endInterval(seen(replaced)))
    }
    if (added.periodic && !closed) {
      const timer = clock.setInterval(() => endInterval(added), added.interval)
      timer.unref?.()
      timers.set(added, timer)
    }
  }

  const validDefault = (): StrategyConfig => {
    if (opts.default === undefined) return ALWAYS
    const why = invalidStrategy(opts.default)
    if (why === undefined) return opts.default
    invalid(`default rule: ${why}; keeping every event`, { pattern: DEFAULT_PATTERN })
    return ALWAYS
  }
  const book = new RuleBook(validDefault(), clock, random, adjustments, precision, maxNames, onRule)

  const configureEvent = (pattern: string, config: StrategyConfig): boolean => {
    if (!isValidPattern(pattern)) {
      invalid(`pattern ${JSON.stringify(pattern)} matches no event name (use a name or 'prefix.*')`, {
        pattern,
      })
      return false
    }
    const why = invalidStrategy(config)
    if (why !== undefined) {
      invalid(`rule for ${pattern}: ${why}; the default rule applies`, { pattern })
      return false
    }
    book.configure(pattern, config)
    return true
  }
  for (const [pattern, config] of Object.entries(opts.events ?? {})) configureEvent(pattern, config)

  // The load is read on a timer, never per decision: a decision stays a few loads and compares.
  let loadTimer: ClockTimer | undefined
  const readLoad = () => {
    if (adjustments.loadSource !== undefined) {
      let load = 0
      try {
        load = adjustments.loadSource()
      } catch (error) {
        report(
          handlerFailure('sampler: the load source failed', {
            handler_id: 'sampler.load',
            error,
          }),
        )
      }
      const factor = loadFactor(typeof load === 'number' ? load : 0, adjustments.loadLevels)
      if (factor !== book.load) {
        book.load = factor
        book.refreshAll()
      }
    }
    for (const m of metrics) m.flush()
  }
  loadTimer = clock.setInterval(readLoad, adjustments.loadInterval || 1000)
  loadTimer.unref?.()

  const sampleEvent = (event: string, measurements: Measurements, metadata: Metadata): number => {
    if (typeof event !== 'string' || event === '') {
      invalid('event name must be a non-empty string', { event_name: event })
      return 0
    }
    const m = typeof measurements === 'object' && measurements !== null ? measurements : {}
    const md = typeof metadata === 'object' && metadata !== null ? metadata : {}
    return decideEvent(book.stateFor(event), event, m, md, random, adjustments.hasErrorMark)
  }

  const EMPTY: Metadata = Object.freeze({})
  const NO_MEASUREMENTS: Measurements = Object.freeze({})

  const sampler: Sampler = {
    shouldSample: (event, metadata) => sampleEvent(event, NO_MEASUREMENTS, metadata ?? EMPTY) > 0,
    sampleEvent,
    configureEvent(pattern, config) {
      configureEvent(pattern, config)
    },
    stats: () => statsOf(book.states()),
    rateFor: (name) => book.stateFor(name).level.p,
    traces: undefined as never,
    connect(link) {
      links.push(link)
      for (const error of pending.splice(0)) link.telemetry.reportError(error)
      // One recorder per instance, however often it connects (`telemetry` option and `sampler.traces`).
      const recorded = metrics.some((m) => m.telemetry === link.telemetry)
      const m = recorded ? undefined : createSamplerMetrics(link.telemetry, () => book.states())
      if (m !== undefined) metrics.push(m)
      return () => {
        m?.flush()
        const i = links.indexOf(link)
        if (i >= 0) links.splice(i, 1)
        const j = m === undefined ? -1 : metrics.indexOf(m)
        if (j >= 0) metrics.splice(j, 1)
      }
    },
    close() {
      if (closed) return
      closed = true
      if (loadTimer !== undefined) clock.clearInterval(loadTimer)
      loadTimer = undefined
      for (const [rule, timer] of timers) {
        clock.clearInterval(timer)
        if (rule.kind === 'reservoir') deliver(rule, rule.endInterval(seen(rule)))
      }
      timers.clear()
      for (const m of metrics) m.flush()
    },
  }
  ;(sampler as { traces: Sampler['traces'] }).traces = createTraceSampler(sampler, book, adjustments)
  if (opts.telemetry !== undefined) {
    const t = opts.telemetry
    sampler.connect?.({ telemetry: t, deliverSampled: () => {} })
  }
  return sampler
}

/** Per-name counts and current rate, as `sampler.stats()` returns them. */
export function statsOf(states: Iterable<NameState>): ReturnType<Sampler['stats']> {
  const out: ReturnType<Sampler['stats']> = {}
  for (const s of states)
    out[s.name] = { seen: s.seen, sampled: s.sampled, dropped: s.dropped, rate: s.level.p }
  return out
}
