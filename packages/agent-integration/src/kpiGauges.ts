/**
 * The KPI gauges of one telemetry instance: callback gauges read at collection time, so the KPIs
 * are current whenever metrics are collected (a scrape, a push, `windowStats`). Core keeps the
 * first callback a gauge name was created with, so one set of gauges per instance reads every
 * collector attached to it.
 */
import { type Metrics, sharedGauges, type Tags } from '@foundation-telemetry/core'
import { type AgentKpiName, agentKpiNames, type KpiValue } from './kpis.ts'

/** A collector's KPI series, asked for at each collection. */
export type KpiSource = (name: AgentKpiName) => readonly KpiValue[]

/**
 * Publish `source`'s KPIs as gauges of `metrics`. Returns a function that stops publishing them
 * (their series disappear at the next collection).
 */
export const publishKpis: (metrics: Metrics, source: KpiSource) => () => void = sharedGauges<KpiSource>(
  (metrics, sources) => {
    for (const name of agentKpiNames) {
      metrics.gauge(name, {
        callback(observe) {
          for (const read of sources) for (const { value, tags } of read(name)) observe(value, tags as Tags)
        },
      })
    }
  },
)
