/**
 * Reading `createTailSampler`'s options once: every value checked, a default where it is
 * unusable, and the unusable ones named in one report.
 */
import {
  type Clock,
  readOptionKeys,
  type SpanProcessor,
  systemClock,
  type Telemetry,
} from '@foundation-telemetry/core'
import { asTelemetry, hasMethods, readClock, reportOptions } from './readOptions.ts'
import { attributeRules, type CompiledAttributeRule, type PolicySettings } from './tailPolicies.ts'
import type { TailSamplerOptions } from './tailSampler.ts'
import { probabilityToThreshold } from './threshold.ts'

/** The tail sampler's options as read: every value usable. */
export interface TailConfig {
  /** Undefined when not given or not a telemetry instance: no metrics, nobody to tell. */
  telemetry: Telemetry | undefined
  clock: Clock
  /** The `next` option, or a processor that drops everything when it was not one. */
  next: SpanProcessor
  waitMs: number
  maxAgeMs: number
  maxBytes: number
  rules: CompiledAttributeRule[]
  settings: PolicySettings
  cacheSize: number
}

/** Read `options` (any value: a hostile one gives the defaults) and report what was unusable. */
export function readTailOptions(options: unknown): TailConfig {
  const read = readOptionKeys<TailSamplerOptions>(options, TAIL_OPTION_KEYS)
  const o = read.options
  const problems = [...read.unreadable]
  const telemetry = asTelemetry(o.telemetry)
  if (o.telemetry !== undefined && telemetry === undefined) problems.push('telemetry')
  const clock = readClock(o.clock, systemClock, problems)
  // Without a usable next processor kept spans have nowhere to go: they are dropped, and said so.
  const nextOk = hasMethods(o.next, ['onStart', 'onEnd', 'forceFlush', 'shutdown'])
  if (!nextOk) problems.push('next')
  const rules = attributeRules(o.attributes, problems)
  const probability =
    typeof o.probability === 'number' && o.probability >= 0 && o.probability <= 1 ? o.probability : 0.1
  const config: TailConfig = {
    telemetry,
    clock,
    next: nextOk ? (o.next as SpanProcessor) : NO_NEXT,
    waitMs: nonNegative(o.decisionWait, 1000),
    maxAgeMs: nonNegative(o.maxTraceAge, 30_000),
    maxBytes: nonNegative(o.maxBufferBytes, 16 * 1024 * 1024),
    rules,
    settings: {
      keepErrors: o.keepErrors !== false,
      latencyMs: typeof o.latencyThresholdMs === 'number' ? o.latencyThresholdMs : undefined,
      probability,
      ownThreshold: probabilityToThreshold(probability),
    },
    cacheSize: nonNegative(o.decisionCacheSize, 10_000),
  }
  reportOptions(telemetry, 'createTailSampler', problems, 'defaults used')
  return config
}

function nonNegative(value: unknown, fallback: number): number {
  return typeof value === 'number' && value >= 0 && Number.isFinite(value) ? value : fallback
}

const TAIL_OPTION_KEYS = [
  'next',
  'decisionWait',
  'maxTraceAge',
  'maxBufferBytes',
  'keepErrors',
  'latencyThresholdMs',
  'attributes',
  'probability',
  'decisionCacheSize',
  'clock',
  'telemetry',
] as const

const NO_NEXT: SpanProcessor = {
  onStart() {},
  onEnd() {},
  forceFlush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
}
