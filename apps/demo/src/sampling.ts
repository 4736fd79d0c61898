/**
 * The demo's event sampler, with the default rates of the adaptive sampler: frequent events
 * (registry lookups, signal dispatches) kept at 10 % and 20 %, registrations at 50 %, program
 * executions at 80 %, auctions, optimization iterations and errors always. Its kept and dropped
 * counts are the sampler's own metrics (`telemetry.sampler.*`), charted on the dashboard.
 */
import { createSampler, type Sampler, type StrategyConfig } from '@foundation-telemetry/sampler'

const rate = (r: number): StrategyConfig =>
  r >= 1 ? { strategy: 'always' } : { strategy: 'random', rate: r }

/** Default rates by event (pattern) name. */
export const demoSamplingRates: Readonly<Record<string, StrategyConfig>> = {
  'foundation.process_registry.lookup.*': rate(0.1),
  'foundation_jido.signal.dispatch.*': rate(0.2),
  'foundation_jido.agent.registration.*': rate(0.5),
  'dspex.program.execution.*': rate(0.8),
  'foundation_jido.coordination.auction.*': rate(1),
  'dspex.optimization.iteration.*': rate(1),
  'foundation_os.error.*': rate(1),
}

/** The sampled events a sampled handler sees: the audit trail the sampler thins out. */
export const sampledEvents = [
  'foundation.process_registry.lookup.stop',
  'foundation.process_registry.register.stop',
  'foundation.circuit_breaker.call.stop',
  'foundation.circuit_breaker.call.exception',
]

/** Create the demo's sampler. */
export function createDemoSampler(): Sampler {
  return createSampler({ events: demoSamplingRates })
}
