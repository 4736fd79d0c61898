import type { Metadata, Telemetry } from '@foundation-telemetry/core'

/** The ML layer's KPI names (taxonomy gauges computed at collect time). */
export const kpiNames = [
  'dspex.program.execution_success_rate',
  'dspex.optimization.convergence_rate',
  'dspex.optimization.performance_improvement',
  'dspex.time_to_convergence',
  'dspex.cost_per_optimization',
  'dspex.coordination.multi_agent_efficiency',
  'dspex.model_accuracy_improvement',
] as const

/** One KPI's name. */
export type KpiName = (typeof kpiNames)[number]

/** Current KPI values over the collector's window; undefined where the window holds no data. */
export type MlKpis = { readonly [TName in KpiName]: number | undefined }

/**
 * How a KPI is computed from a windowed source metric: a share of the source's series with one
 * tag set to `true` (`ratio`), or the mean of the recorded values (`mean`).
 */
type KpiRule =
  | { kind: 'ratio'; source: string; flag: string; field: 'sum' | 'count'; tag: string }
  | { kind: 'mean'; source: string; tag: string }

/** Every KPI's rule: the source metric and the tag its series are split by. */
export const kpiRules: Readonly<Record<KpiName, KpiRule>> = {
  'dspex.program.execution_success_rate': {
    kind: 'ratio',
    source: 'dspex.program.execution_duration',
    flag: 'success',
    field: 'count',
    tag: 'program_type',
  },
  'dspex.optimization.convergence_rate': {
    kind: 'ratio',
    source: 'dspex.optimization.runs',
    flag: 'converged',
    field: 'sum',
    tag: 'strategy',
  },
  'dspex.optimization.performance_improvement': {
    kind: 'mean',
    source: 'dspex.optimization.improvement',
    tag: 'strategy',
  },
  'dspex.time_to_convergence': {
    kind: 'mean',
    source: 'dspex.optimization.convergence_duration',
    tag: 'strategy',
  },
  'dspex.cost_per_optimization': { kind: 'mean', source: 'dspex.optimization.cost', tag: 'strategy' },
  'dspex.coordination.multi_agent_efficiency': {
    kind: 'mean',
    source: 'dspex.coordination.relative_performance',
    tag: 'coordination_type',
  },
  'dspex.model_accuracy_improvement': {
    kind: 'mean',
    source: 'dspex.optimization.accuracy_gain',
    tag: 'strategy',
  },
}

/** Source metrics whose series need a rolling window of the KPI window's length. */
export const windowedSources: readonly string[] = [...new Set(Object.values(kpiRules).map((r) => r.source))]

/** Distinct values kept per tag key; past this, new values only count in the untagged KPI. */
export const MAX_TAG_VALUES = 200

/**
 * The tag values seen per KPI tag key (`program_type`, `strategy`, `coordination_type`), so the
 * gauges can report one series per value. Bounded by {@link MAX_TAG_VALUES} per key.
 */
export interface TagValues {
  note(metadata: Metadata): void
  values(key: string): ReadonlySet<string | undefined>
}

const tagKeys = [...new Set(Object.values(kpiRules).map((r) => r.tag))]

/** Create the tag-value memory; `onFull` is told once per key that hits the bound. */
export function createTagValues(onFull: (key: string) => void): TagValues {
  const byKey = new Map<string, Set<string | undefined>>(tagKeys.map((k) => [k, new Set()]))
  return {
    note(metadata) {
      for (const [key, set] of byKey) {
        const raw = metadata[key]
        const value = raw === undefined || raw === null ? undefined : String(raw)
        if (set.has(value)) continue
        if (set.size >= MAX_TAG_VALUES) {
          if (set.size === MAX_TAG_VALUES) {
            onFull(key)
            set.add(`\u0000full`)
          }
          continue
        }
        set.add(value)
      }
    },
    values: (key) => byKey.get(key) ?? new Set(),
  }
}

/** What a KPI computation needs: the telemetry, the window and the tag values seen. */
export interface KpiContext {
  t: Telemetry
  window: number
  tags: TagValues
}

function ratioOf(ctx: KpiContext, rule: Extract<KpiRule, { kind: 'ratio' }>, tags: Record<string, unknown>) {
  const yes = ctx.t.metrics.windowStats(rule.source, ctx.window, { ...tags, [rule.flag]: true } as never)
  const no = ctx.t.metrics.windowStats(rule.source, ctx.window, { ...tags, [rule.flag]: false } as never)
  return { yes: yes?.[rule.field] ?? 0, total: (yes?.[rule.field] ?? 0) + (no?.[rule.field] ?? 0) }
}

/** Per tag value: the KPI over the window (only values with data in the window). */
export function kpiSeries(ctx: KpiContext, name: KpiName): Array<{ tag: string | undefined; value: number }> {
  const rule = kpiRules[name]
  const out: Array<{ tag: string | undefined; value: number }> = []
  for (const tag of ctx.tags.values(rule.tag)) {
    if (tag === '\u0000full') continue
    const tags = tag === undefined ? {} : { [rule.tag]: tag }
    if (rule.kind === 'ratio') {
      const { yes, total } = ratioOf(ctx, rule, tags)
      if (total > 0) out.push({ tag, value: yes / total })
    } else {
      const stats = ctx.t.metrics.windowStats(rule.source, ctx.window, tags)
      if (stats !== undefined && stats.count > 0) out.push({ tag, value: stats.mean })
    }
  }
  return out
}

/** The KPI over every tag value together; undefined when the window holds no data. */
export function kpiOverall(ctx: KpiContext, name: KpiName): number | undefined {
  const rule = kpiRules[name]
  if (rule.kind === 'mean') {
    const stats = ctx.t.metrics.windowStats(rule.source, ctx.window)
    return stats !== undefined && stats.count > 0 ? stats.mean : undefined
  }
  let yes = 0
  let total = 0
  for (const tag of ctx.tags.values(rule.tag)) {
    if (tag === '\u0000full') continue
    const r = ratioOf(ctx, rule, tag === undefined ? {} : { [rule.tag]: tag })
    yes += r.yes
    total += r.total
  }
  return total > 0 ? yes / total : undefined
}
