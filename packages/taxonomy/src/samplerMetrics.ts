import { counter, defineMetrics, gauge } from './metricDefinition.ts'

/**
 * The sampler's own metrics, `telemetry.sampler.*` and `telemetry.tail_sampler.*`: what each
 * event-level rule saw, kept and dropped, its current rate, and the tail sampler's trace
 * decisions by policy and buffer use.
 */
export const samplerMetrics = defineMetrics('telemetry', [
  counter('telemetry.sampler.seen', {
    unit: '{decision}',
    description: 'Sampling decisions made, by event (or root span) name.',
    tagKeys: ['event'],
    recordedByCode: true,
  }),
  counter('telemetry.sampler.sampled', {
    unit: '{decision}',
    description: 'Decisions that kept the event or trace, by event (or root span) name.',
    tagKeys: ['event'],
    recordedByCode: true,
  }),
  counter('telemetry.sampler.dropped', {
    unit: '{decision}',
    description: 'Decisions that dropped the event or trace, by event (or root span) name.',
    tagKeys: ['event'],
    recordedByCode: true,
  }),
  gauge('telemetry.sampler.rate', {
    unit: '1',
    description: 'The current probability of keeping one, after load and name adjustments, by event name.',
    tagKeys: ['event'],
    recordedByCode: true,
  }),
  counter('telemetry.tail_sampler.traces', {
    unit: '{trace}',
    description: 'Traces the tail sampler decided, by decision (kept, dropped) and the policy that decided.',
    tagKeys: ['decision', 'policy'],
    recordedByCode: true,
  }),
  counter('telemetry.tail_sampler.spans', {
    unit: '{span}',
    description: 'Spans the tail sampler forwarded or dropped, by decision; late spans are marked late.',
    tagKeys: ['decision', 'late'],
    recordedByCode: true,
  }),
  gauge('telemetry.tail_sampler.buffer_bytes', {
    unit: 'By',
    description: 'Estimated bytes of spans the tail sampler holds while traces wait for a decision.',
    tagKeys: [],
    recordedByCode: true,
  }),
  counter('telemetry.tail_sampler.early_decisions', {
    unit: '{trace}',
    description: 'Traces decided before their wait ended because the buffer reached its byte bound.',
    tagKeys: [],
    recordedByCode: true,
  }),
])
