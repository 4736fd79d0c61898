/**
 * The simulated Foundation-layer workload: requests arrive on a timer; each one passes a rate
 * limiter, looks a process up in the registry, and calls a downstream service through a real circuit
 * breaker (opossum or cockatiel) with retries. Spans nest as request → registry lookup, request → breaker call →
 * retry attempts. Every so often the downstream has an incident (most calls fail), which opens
 * the breaker until a half-open trial succeeds.
 */
import type { Telemetry } from '@foundation-telemetry/core'
import {
  BreakerOpenError,
  type CircuitBreaker,
  createCockatielBreaker,
  createOpossumBreaker,
} from './circuitBreaker.ts'
import { delay } from './delay.ts'
import { createProcessRegistry, type ProcessRegistry } from './processRegistry.ts'
import { createRandom, latency, type Random } from './random.ts'
import { createRateLimiter, type RateLimiter } from './rateLimiter.ts'
import { withRetry } from './retry.ts'

/** Options for {@link startWorkload}. */
export interface WorkloadOptions {
  /** Requests started per second. Defaults to 40. */
  rate?: number
  /** Seed of the workload's randomness. Defaults to 1. */
  seed?: number
  /** Processes registered at start. Defaults to 50. */
  processes?: number
  /**
   * The downstream fails most calls for the last `incidentLength` ms of every `incidentEvery` ms.
   * Defaults to 20 s and 4 s.
   */
  incidentEvery?: number
  incidentLength?: number
}

/** A running workload. */
export interface Workload {
  readonly registry: ProcessRegistry
  readonly breakers: readonly CircuitBreaker[]
  /** Requests started and finished so far. */
  counts(): { started: number; finished: number }
  /** Stop starting requests; resolves when the ones in flight have finished. */
  stop(): Promise<void>
}

const routes = ['/agents/dispatch', '/programs/run', '/signals/route'] as const
const downstreams = ['llm-gateway', 'vector-store'] as const

/** Start the workload on `t` (its clock drives every timer). */
export async function startWorkload(t: Telemetry, options: WorkloadOptions = {}): Promise<Workload> {
  const random: Random = createRandom(options.seed ?? 1)
  const seedTag = options.seed ?? 1
  const rate = options.rate ?? 40
  const incidentEvery = options.incidentEvery ?? 20_000
  const incidentLength = options.incidentLength ?? 4_000
  const registry = createProcessRegistry(t, random)
  // One downstream behind an opossum breaker, the other behind a cockatiel one.
  const breakers = [
    createOpossumBreaker(t, downstreams[0], { failureThreshold: 5, cooldown: 2_000 }),
    createCockatielBreaker(t, downstreams[1], { failureThreshold: 5, cooldown: 2_000 }),
  ]
  const limiter: RateLimiter = createRateLimiter(t, 'api', rate * 0.8, Math.max(5, rate / 4))
  const started = t.clock.now()
  const processCount = options.processes ?? 50
  for (let i = 0; i < processCount; i++)
    await registry.register(`agent-${i}`, i % 3 === 0 ? 'coordinator' : 'worker')

  // The incident sits at the end of each period, so a run starts healthy.
  const failureRate = () =>
    (t.clock.now() - started) % incidentEvery >= incidentEvery - incidentLength ? 0.8 : 0.04
  let startedCount = 0
  let finished = 0
  const inFlight = new Set<Promise<void>>()

  const downstreamCall = async () => {
    await delay(t.clock, latency(random, 8, 0.6))
    if (random() < failureRate()) throw new Error('downstream unavailable')
  }

  const request = (): Promise<void> => {
    const route = routes[Math.floor(random() * routes.length)]!
    const correlationId = `req-${seedTag}-${startedCount}`
    return t.withCorrelationId(correlationId, () =>
      t.span('demo.request', { route }, async (span) => {
        t.log('info', `request ${route} started`, { route })
        let outcome = 'ok'
        // A few lookups miss: keys past the registered range.
        const key = `agent-${Math.floor(random() * processCount * 1.1)}`
        const found = await registry.lookup(key)
        if (!found) {
          outcome = 'not_found'
        } else if (!limiter.tryAcquire()) {
          outcome = 'throttled'
        } else {
          const breaker = breakers[Math.floor(random() * breakers.length)]!
          try {
            await breaker.call(() =>
              withRetry(t, { operation: breaker.name, maxAttempts: 3 }, downstreamCall),
            )
          } catch (error) {
            outcome = error instanceof BreakerOpenError ? 'rejected' : 'failed'
          }
        }
        span.setAttribute('outcome', outcome)
        t.log(outcome === 'ok' ? 'info' : 'warn', `request ${route} finished: ${outcome}`, { route, outcome })
      }),
    )
  }

  const tick = () => {
    startedCount++
    // A request that throws anyway is already a `demo.request.exception` event; the timer loop
    // must carry on.
    const running = request()
      .catch(() => undefined)
      .finally(() => {
        finished++
        inFlight.delete(running)
      })
    inFlight.add(running)
  }
  // Rate 0: registrations only, no requests (a still workload, e.g. to compare totals).
  const timer = rate > 0 ? t.clock.setInterval(tick, 1000 / rate) : undefined

  return {
    registry,
    breakers,
    counts: () => ({ started: startedCount, finished }),
    async stop() {
      if (timer !== undefined) t.clock.clearInterval(timer)
      await Promise.all([...inFlight])
      for (const breaker of breakers) breaker.close()
    },
  }
}
