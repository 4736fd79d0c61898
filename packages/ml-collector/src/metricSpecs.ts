import type { Measurements, Metadata, MetricSpec, Tags } from '@foundation-telemetry/core'
import type { LlmUsage, UsageReader } from './tokenUsage.ts'
import type { TraceCostTracker } from './traceCost.ts'

const llmException = 'dspex.llm.request.exception'
const llmUsage = 'dspex.llm.usage'
const runStop = 'dspex.optimization.run.stop'
const runException = 'dspex.optimization.run.exception'

/**
 * Token types of `dspex.llm.tokens` (and the two of `dspex.llm.token_usage`, as semconv has them).
 * `llmRecorder.ts` names them by their index here.
 */
export const tokenTypes: ReadonlyArray<{ type: string; field: keyof LlmUsage; histogram: boolean }> = [
  { type: 'input', field: 'input', histogram: true },
  { type: 'output', field: 'output', histogram: true },
  { type: 'cache_read', field: 'cacheRead', histogram: false },
  { type: 'cache_write', field: 'cacheWrite', histogram: false },
  { type: 'reasoning', field: 'reasoning', histogram: false },
]

function finite(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined
}

/** What the code-recorded specs read from. */
export interface SpecSources {
  usage: UsageReader
  runCosts: TraceCostTracker
  /** Declared on the KPIs' source metrics so their windows hold history from the start. */
  windows: readonly number[]
}

/** Tag values of the LLM metrics: model, provider and operation as the event says. */
function llmTags(metadata: Metadata): Tags {
  return {
    model: metadata.model as string | undefined,
    provider: metadata.provider as string | undefined,
    operation: metadata.operation as string | undefined,
  }
}

/**
 * Token counters and histograms of `dspex.llm.usage`: one definition per token type, each with its
 * `token_type` tag. `dspex.llm.request.stop` records the same series through `llmRecorder.ts`.
 */
export function tokenSpecs(sources: SpecSources): MetricSpec[] {
  const specs: MetricSpec[] = []
  for (const { type, field, histogram } of tokenTypes) {
    const read = (m: Measurements, md: Metadata) => sources.usage.read(m, md)[field]
    // Cache and reasoning counts are 0 or absent for most requests: adding 0 only costs.
    const readNonZero = (m: Measurements, md: Metadata) => {
      const value = read(m, md)
      return value === 0 ? undefined : value
    }
    const counterTags = (md: Metadata): Tags => ({
      model: md.model as string,
      provider: md.provider as string,
      token_type: type,
    })
    specs.push({
      name: 'dspex.llm.tokens',
      events: [llmUsage],
      measurement: histogram ? read : readNonZero,
      tagValues: counterTags,
    })
    if (histogram) {
      const histogramTags = (md: Metadata): Tags => ({ ...llmTags(md), token_type: type })
      specs.push({
        name: 'dspex.llm.token_usage',
        events: [llmUsage],
        measurement: read,
        tagValues: histogramTags,
      })
    }
  }
  return specs
}

/** Relative gain of a run: its own `improvement`, else final over initial score minus 1. */
export function runImprovement(m: Measurements): number | undefined {
  const given = finite(m.improvement)
  if (given !== undefined) return given
  const initial = finite(m.initial_score)
  const final = finite(m.final_score)
  return initial !== undefined && final !== undefined && initial > 0 ? final / initial - 1 : undefined
}

/** Absolute accuracy gain of a run: its own `accuracy_improvement`, else final minus initial score. */
export function runAccuracyGain(m: Measurements): number | undefined {
  const given = finite(m.accuracy_improvement)
  if (given !== undefined) return given
  const initial = finite(m.initial_score)
  const final = finite(m.final_score)
  return initial !== undefined && final !== undefined ? final - initial : undefined
}

/** Whether a finished run converged: never for `.exception`, else `metadata.converged === true`. */
export function runConverged(event: string, metadata: Metadata): boolean {
  return event !== runException && metadata.converged === true
}

/**
 * Overrides of the taxonomy's `dspex` metrics: code-recorded values (cost, per-run gains), the
 * `converged` and `error_type` tags, and windows on the KPIs' sources.
 */
export function overrideSpecs(sources: SpecSources): Record<string, Partial<MetricSpec> | false> {
  const { usage, runCosts, windows } = sources
  const runCost = (m: Measurements, md: Metadata): number | undefined => {
    const given = finite(m.cost_usd)
    const tracked =
      typeof md.trace_id === 'string' ? runCosts.settle(md.trace_id, String(md.span_id ?? '')) : undefined
    return given ?? tracked
  }
  return {
    // Computed at collect time (kpis.ts).
    'dspex.program.execution_success_rate': false,
    'dspex.optimization.convergence_rate': false,
    'dspex.optimization.performance_improvement': false,
    'dspex.cost_per_optimization': false,
    'dspex.time_to_convergence': false,
    'dspex.model_accuracy_improvement': false,
    'dspex.coordination.multi_agent_efficiency': false,
    // One definition per token type (tokenSpecs).
    'dspex.llm.tokens': false,
    'dspex.llm.token_usage': false,
    'dspex.program.execution_duration': { windows },
    'dspex.optimization.runs': {
      windows,
      tagValues: (md, _m, event) => ({
        strategy: md.strategy as string | undefined,
        converged: runConverged(event, md),
      }),
    },
    'dspex.optimization.improvement': { windows, measurement: runImprovement },
    'dspex.optimization.accuracy_gain': { windows, measurement: runAccuracyGain },
    'dspex.optimization.convergence_duration': {
      windows,
      keep: (md, _m, event) => runConverged(event, md),
      measurement: (m) => finite(m.time_to_convergence) ?? finite(m.duration),
    },
    'dspex.optimization.cost': {
      windows,
      events: [runStop, runException],
      measurement: runCost,
    },
    'dspex.coordination.relative_performance': {
      windows,
      measurement: (m) => {
        const final = finite(m.final_performance)
        const baseline = finite(m.baseline_performance)
        return final !== undefined && baseline !== undefined && baseline > 0 ? final / baseline : undefined
      },
    },
    // `dspex.llm.request.stop` is recorded by `llmRecorder.ts` (series bound once per model);
    // these definitions keep the other events of the same metrics.
    'dspex.llm.requests': { events: [llmException] },
    'dspex.llm.cost': { events: [llmUsage], measurement: (m, md) => usage.read(m, md).cost },
    'dspex.llm.time_per_output_chunk': false,
    'dspex.llm.time_to_first_chunk': false,
    // `error.type` on failures: the adapters set `error_type`; other emitters' exceptions name the
    // error's class in `kind`. Instruments read declared keys only, so metadata serves as the tags.
    'dspex.llm.request_duration': {
      events: [llmException],
      tagValues: (md, _m, event) =>
        md.error_type === undefined && event.endsWith('.exception')
          ? { ...(md as Tags), error_type: String(md.kind ?? '_OTHER') }
          : (md as Tags),
    },
  }
}
