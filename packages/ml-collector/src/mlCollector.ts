import {
  attachTaxonomyMetrics,
  type DefinedMetrics,
  detachOnce,
  type Measurements,
  type Metadata,
  positiveOption,
  readOptions,
  reportAttachFailure,
  sharedGauges,
  type Telemetry,
} from '@foundation-telemetry/core'
import {
  createTagValues,
  type KpiContext,
  type KpiName,
  kpiNames,
  kpiOverall,
  kpiRules,
  kpiSeries,
  type MlKpis,
  type TagValues,
} from './kpis.ts'
import { createLlmStopRecorder, llmStop } from './llmRecorder.ts'
import { overrideSpecs, tokenSpecs } from './metricSpecs.ts'
import { createPriceLookup, type ModelPrice } from './prices.ts'
import { createReportOnce, type ReportOnce } from './reportOnce.ts'
import { createRunCostHandler, llmUsage, runStart } from './runCostHandler.ts'
import { createUsageReader, type UsageReader } from './tokenUsage.ts'
import { createTraceCostTracker, type TraceCostTracker } from './traceCost.ts'

/** Options of {@link attachMlCollector}. */
export interface MlCollectorOptions {
  /**
   * Model prices, USD per million tokens, on top of the default table (`DEFAULT_PRICES`, dated
   * `DEFAULT_PRICES_DATE`); an entry here replaces the default for that model.
   */
  prices?: Readonly<Record<string, ModelPrice>>
  /** The window KPIs are computed over, in ms of the telemetry's clock. Defaults to 1 h. */
  window?: number
  /** Optimization runs whose LLM cost is tracked at once; the oldest is dropped past it. Defaults to 1000. */
  maxOpenRuns?: number
}

/** An attached ML collector. */
export interface MlCollector {
  /** Current KPI values over the window, every tag value together; undefined without data. */
  kpis(): MlKpis
  /** Detach every handler and stop reporting KPIs. Idempotent. */
  detach(): void
}

const DEFAULT_WINDOW = 3_600_000
const API = 'attachMlCollector'

/** Events whose metadata carries the KPIs' tag values. */
const kpiTagEvents = [
  'dspex.program.execution.stop',
  'dspex.program.execution.complete',
  'dspex.program.execution.exception',
  'dspex.optimization.run.stop',
  'dspex.optimization.run.exception',
  'dspex.coordination.multi_agent.stop',
  'dspex.coordination.multi_agent.complete',
]

/** The KPI gauges: one gauge per KPI name serves every collector attached to a telemetry instance. */
const attachKpiSource = sharedGauges<KpiContext>((metrics, sources) => {
  for (const name of kpiNames) {
    const tag = kpiRules[name].tag
    metrics.gauge(name, {
      tagKeys: [tag],
      callback: (observe) => {
        for (const source of sources) {
          for (const { tag: value, value: v } of kpiSeries(source, name)) observe(v, { [tag]: value })
        }
      },
    })
  }
})

/**
 * Record every `dspex.*` taxonomy event as its metrics (programs, optimization runs and
 * iterations, multi-agent runs, LLM requests and usage with token counts and cost, tool calls),
 * and report the ML layer's KPIs as gauges computed at collect time over a recent window.
 *
 * LLM cost comes from the price table; an optimization run's cost is the cost of the LLM
 * requests inside its trace while it ran. Never throws: bad input is reported once through the
 * telemetry's error hook.
 *
 * @example
 * ```ts
 * import { createTelemetry } from '@foundation-telemetry/core'
 * import { attachMlCollector } from '@foundation-telemetry/ml-collector'
 *
 * const t = createTelemetry({ service: 'qa-optimizer' })
 * const collector = attachMlCollector(t, { prices: { 'my-model': { input: 1, output: 4 } } })
 * await t.span('dspex.optimization.run', { optimization_id: 'o1', program_id: 'qa', strategy: 'bootstrap' }, run)
 * collector.kpis()['dspex.cost_per_optimization']
 * ```
 */
export function attachMlCollector(t: Telemetry, options: MlCollectorOptions = {}): MlCollector {
  try {
    return attach(t, readOptions<MlCollectorOptions>(t, API, options, ['prices', 'window', 'maxOpenRuns']))
  } catch (error) {
    // A hostile telemetry object: report where possible and hand back a collector that does nothing.
    reportAttachFailure(t, API, error)
    return { kpis: noKpis, detach() {} }
  }
}

function noKpis(): MlKpis {
  const out = {} as Record<KpiName, number | undefined>
  for (const name of kpiNames) out[name] = undefined
  return out
}

/** The collector's bookkeeping, each part reporting its problems through the collector's reporter. */
interface MlState {
  usage: UsageReader
  runCosts: TraceCostTracker
  tags: TagValues
}

function readWindow(value: unknown, report: ReportOnce): number {
  return positiveOption(value, DEFAULT_WINDOW, (window) =>
    report('window', `${API}: window must be a positive number of ms; using 1 h`, { window }),
  )
}

function createState(opts: MlCollectorOptions, report: ReportOnce): MlState {
  const prices = createPriceLookup(opts.prices, (model) =>
    report(
      `price:${model}`,
      `${API}: the price of ${model} is not { input, output, cachedInput? } in USD per 1M tokens; ignored`,
      { model },
    ),
  )
  const runCosts = createTraceCostTracker(opts.maxOpenRuns ?? 1000, () =>
    report(
      'runs_full',
      `${API}: more optimization runs open than maxOpenRuns; the oldest run's cost is no longer tracked`,
    ),
  )
  const tags = createTagValues((key) =>
    report(
      `tags_full:${key}`,
      `${API}: too many distinct ${key} values; KPIs of new ones count only in kpis()`,
    ),
  )
  return { usage: createUsageReader(prices, report), runCosts, tags }
}

/**
 * The collector's own handlers, attached after the metric definitions: the LLM recorder binds
 * series of the instruments they created. Returns their detachers.
 */
function attachHandlers(t: Telemetry, id: string, state: MlState): Array<() => void> {
  const { usage, runCosts, tags } = state
  return [
    // Not enriched: the one handler of the hottest ML event reads none of enrichment's keys.
    t.attach(`${id}.llm`, [llmStop], createLlmStopRecorder(t, { usage, runCosts }), undefined, {
      durable: true,
      enrich: false,
    }),
    t.attach(`${id}.costs`, [runStart, llmUsage], createRunCostHandler(usage, runCosts), undefined, {
      durable: true,
    }),
    // Reads only the KPIs' tag keys (program_type, strategy, coordination_type): not enriched.
    t.attach(
      `${id}.kpi_tags`,
      kpiTagEvents,
      (_e: string, _m: Measurements, md: Metadata) => tags.note(md),
      undefined,
      { durable: true, enrich: false },
    ),
  ]
}

function kpisOf(ctx: KpiContext): MlKpis {
  const out = {} as Record<KpiName, number | undefined>
  for (const name of kpiNames) out[name] = kpiOverall(ctx, name)
  return out
}

function attach(t: Telemetry, opts: MlCollectorOptions): MlCollector {
  const report = createReportOnce(t, API)
  const window = readWindow(opts.window, report)
  const state = createState(opts, report)
  const ctx: KpiContext = { t, window, tags: state.tags }
  const sources = { usage: state.usage, runCosts: state.runCosts, windows: [window] }
  const defined: DefinedMetrics[] = [
    attachTaxonomyMetrics(t, { layers: ['dspex'], overrides: overrideSpecs(sources) }),
    t.metrics.define(tokenSpecs(sources)),
  ]
  const detachHandlers = attachHandlers(t, `ml-collector.${++collectors}`, state)
  const unregister = attachKpiSource(t.metrics, ctx)
  return {
    kpis: () => kpisOf(ctx),
    detach: detachOnce([...defined.map((d) => () => d.detach()), ...detachHandlers, unregister]),
  }
}

let collectors = 0
