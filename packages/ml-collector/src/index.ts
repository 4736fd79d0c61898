/**
 * `@foundation-telemetry/ml-collector`: the DSPEx-style ML layer. `attachMlCollector` turns
 * `dspex.*` events into metrics and KPIs; `/ai-sdk` and `/ax` instrument the Vercel AI SDK and Ax.
 *
 * @example
 * ```ts
 * import { createTelemetry } from '@foundation-telemetry/core'
 * import { attachMlCollector } from '@foundation-telemetry/ml-collector'
 *
 * const t = createTelemetry({ service: 'qa' })
 * const collector = attachMlCollector(t)
 * collector.kpis()
 * ```
 */

// Collector

export type { KpiName, MlKpis } from './kpis.ts'
export { kpiNames } from './kpis.ts'
export type { MlCollector, MlCollectorOptions } from './mlCollector.ts'
export { attachMlCollector } from './mlCollector.ts'

// Prices

export type { ModelPrice, PriceTable, TokenCounts } from './prices.ts'
export { costOf, DEFAULT_PRICES, DEFAULT_PRICES_DATE } from './prices.ts'

// GenAI semantic conventions

export type { GenAiField } from './genAiAttributes.ts'
export { genAiAttributeNames, genAiAttributes, genAiOperations } from './genAiAttributes.ts'
