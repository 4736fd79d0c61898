import { type Measurements, type Metadata, readOptionKeys, systemClock } from '@foundation-telemetry/core'
import { resolveAdjustments } from './adjustments.ts'
import { createSampleEvent } from './eventDecision.ts'
import { LoadWatch } from './loadWatch.ts'
import type { NameState } from './nameState.ts'
import { asClock, readLimits } from './readOptions.ts'
import { RuleBook } from './ruleBook.ts'
import { configureRule, validDefault } from './ruleConfig.ts'
import { RuleIntervals } from './ruleIntervals.ts'
import { SamplerOutputs } from './samplerOutputs.ts'
import { createTraceSampler } from './traceSampler.ts'
import type { Sampler, SamplerOptions } from './types.ts'

const EMPTY: Metadata = Object.freeze({})
const NO_MEASUREMENTS: Measurements = Object.freeze({})

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
  const { options: opts, unreadable } = readOptionKeys<SamplerOptions>(options, SAMPLER_OPTION_KEYS)
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
  const outputs = new SamplerOutputs(opts, () => book.states())
  const { invalid } = outputs
  if (unreadable.length > 0)
    invalid(`unusable options (${unreadable.join(', ')}); defaults used`, { option: unreadable.join(',') })
  const intervals = new RuleIntervals(clock, () => book, outputs.deliverSample)
  const defaultRule = validDefault(opts.default, invalid)
  const book: RuleBook = new RuleBook({
    defaultConfig: defaultRule,
    clock,
    random,
    adjustments,
    precision,
    maxNames,
    onRule: intervals.onRule,
  })
  for (const [pattern, config] of Object.entries(opts.events ?? {}))
    configureRule(book, pattern, config, invalid)
  const load = new LoadWatch(clock, adjustments, book, outputs.report, outputs.flushMetrics)
  const sampleEvent = createSampleEvent(book, random, adjustments.hasErrorMark, invalid)

  const sampler: Sampler = {
    shouldSample: (event, metadata) => sampleEvent(event, NO_MEASUREMENTS, metadata ?? EMPTY) > 0,
    sampleEvent,
    configureEvent(pattern, config) {
      configureRule(book, pattern, config, invalid)
    },
    stats: () => statsOf(book.states()),
    rateFor: (name) => book.stateFor(name).level.p,
    traces: undefined as never,
    connect: outputs.connect,
    close() {
      if (intervals.closed) return
      load.stop()
      intervals.close()
      outputs.flushMetrics()
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
