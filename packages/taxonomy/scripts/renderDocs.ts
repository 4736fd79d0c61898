/**
 * Renders `docs/events.md` and `docs/metrics.md` from the taxonomy data. Pure functions, so
 * `generate-docs.ts` writes them and `src/docs.test.ts` compares them with the committed files.
 */
import {
  commonMetadataKeys,
  type EventDefinition,
  eventDefinitions,
  type MetricDefinition,
  metricDefinitions,
  prometheusName,
  type TaxonomyLayer,
} from '../src/index.ts'

/** The command that regenerates the docs, quoted in their header and in the sync test. */
export const docsCommand = 'pnpm --filter @foundation-telemetry/taxonomy docs'

const layers: ReadonlyArray<{ layer: TaxonomyLayer; title: string }> = [
  { layer: 'foundation', title: 'Foundation layer (`foundation.*`)' },
  { layer: 'foundation_jido', title: 'Agent layer (`foundation_jido.*`)' },
  { layer: 'dspex', title: 'ML layer (`dspex.*`)' },
  { layer: 'foundation_os', title: 'Cross-layer (`foundation_os.*`)' },
  { layer: 'telemetry', title: "Telemetry's own (`telemetry.*`)" },
]

const header = (what: string) =>
  `<!-- Generated from @foundation-telemetry/taxonomy by packages/taxonomy/scripts/generate-docs.ts. ` +
  `Do not edit: change the ${what} tables in packages/taxonomy/src and run \`${docsCommand}\`. -->`

// Table cells: a literal `|` would split the cell.
const cell = (text: string) => text.replaceAll('|', '\\|')
const code = (text: string) => `\`${cell(text)}\``
const optionalMark = (optional: boolean) => (optional ? '?' : '')
const tableHead = (...columns: string[]) => [
  `| ${columns.join(' | ')} |`,
  `|${'---|'.repeat(columns.length)}`,
]
const metricColumns = ['metric', 'kind', 'unit', 'tags', 'description']

/** An event's measurements or metadata as one cell: `key?` and its unit or type, comma-separated. */
function fieldsCell<TField extends { readonly key: string; readonly optional: boolean }>(
  fields: readonly TField[],
  unitOrType: (field: TField) => string,
): string {
  if (fields.length === 0) return '-'
  return fields.map((f) => `${code(f.key + optionalMark(f.optional))} ${cell(unitOrType(f))}`).join(', ')
}

/** A `## title` section per layer, each a table with `columns` and the rows `rowsOf(layer)`. */
function layerSections(columns: string[], rowsOf: (layer: TaxonomyLayer) => string[]): string[] {
  return layers.flatMap(({ layer, title }) => [
    '',
    `## ${title}`,
    '',
    ...tableHead(...columns),
    ...rowsOf(layer),
  ])
}

/** The Markdown of `docs/events.md`. */
export function renderEventsDoc(): string {
  const spans = new Set(eventDefinitions.flatMap((e) => (e.span ? [e.span] : [])))
  const lines = [
    '# Events',
    '',
    header('event'),
    '',
    `The taxonomy defines ${eventDefinitions.length} events: ${spans.size} span-shaped operations ` +
      `(each giving \`.start\`, \`.stop\`, \`.exception\`, and \`.complete\` where the operation has an explicit end) ` +
      `and ${eventDefinitions.filter((e) => e.kind === 'event').length} discrete events. Emitting any of them ` +
      'with a wrong measurement or metadata shape fails to compile; any other name works, untyped.',
    '',
    '## Rules',
    '',
    '- Names are dot-separated snake_case segments, `layer.component.action` ' +
      '(`foundation.circuit_breaker.state_change`).',
    '- A span-shaped operation `op` (anything with a duration) is emitted by `t.span(op, metadata, fn)` ' +
      'as `op.start` (measurements `monotonic_time`, `system_time?`), `op.stop` (`duration` and ' +
      '`monotonic_time`, ms) or `op.exception` (the same, plus metadata `kind`, `reason`, `stacktrace?`, `error?`). ' +
      'Stop and exception metadata repeat the start metadata.',
    '- Where an operation can end without a wrapping `span` call, `op.complete` is defined too: the explicit ' +
      'end for code that does not wrap the operation in `span` (an auction closed by a timer). It carries ' +
      '`duration?` and the same extra fields as `op.stop`. Collectors treat `.stop` and `.complete` alike.',
    '- Discrete events are named for what happened (`bid_received`, `state_change`, `throttled`, `task.failed`).',
    '- Measurements are numbers in the listed UCUM unit: durations `ms` (float), sizes `By`, ratios `1` ' +
      '(0..1), counts `{thing}`, money `USD`. They are exact: unknown keys fail to compile.',
    '- Metadata lists the typed keys; any other key is allowed (enrichment, custom keys). `key?` is optional.',
    '',
    '## Common metadata',
    '',
    'Typed on every event, never required; core enrichment sets most of them.',
    '',
    ...tableHead('key', 'type', 'meaning'),
    ...commonMetadataKeys.map((k) => `| ${code(k.key)} | ${k.type} | ${cell(k.description)} |`),
    ...layerSections(['event', 'description', 'measurements', 'metadata'], (layer) =>
      eventDefinitions.filter((e) => e.layer === layer).map(eventRow),
    ),
  ]
  return `${lines.join('\n')}\n`
}

function eventRow(event: EventDefinition): string {
  const measurements = fieldsCell(event.measurements, (m) => m.unit)
  const metadata = fieldsCell(event.metadata, (m) => m.type)
  return `| ${code(event.name)} | ${cell(event.description)} | ${measurements} | ${metadata} |`
}

/** One metric as a row of the metric tables (also used by package READMEs). */
export function metricRow(m: MetricDefinition): string {
  const tags = m.tagKeys.length === 0 ? '-' : m.tagKeys.map(code).join(', ')
  const description = m.kpi ? `**KPI.** ${m.description}` : m.description
  return `| ${code(m.name)} | ${m.kind} | ${code(m.unit)} | ${tags} | ${cell(description)} |`
}

/**
 * A metric table (metric, kind, unit, tags, description) of the metrics whose names start with one
 * of `prefixes`, for package READMEs; their tests compare it with the committed copy.
 */
export function renderMetricTable(prefixes: readonly string[]): string {
  const rows = metricDefinitions.filter((m) => prefixes.some((p) => m.name.startsWith(p))).map(metricRow)
  return [...tableHead(...metricColumns), ...rows].join('\n')
}

/** The Markdown of `docs/metrics.md`. */
export function renderMetricsDoc(): string {
  const lines = [
    '# Metrics',
    '',
    header('metric'),
    '',
    `The taxonomy defines ${metricDefinitions.length} metrics, ` +
      `${metricDefinitions.filter((m) => m.kpi).length} of them key performance indicators (KPIs). Collectors record ` +
      'them, exporters name and convert them, dashboards and alert rules read them.',
    '',
    '## Rules',
    '',
    '- Units are UCUM as OpenTelemetry uses them: durations `ms` inside the process (exporters convert ' +
      'to seconds with `convertToBaseUnit`), bytes `By`, ratios `1` (a gauge in 0..1), counts ' +
      '`{thing}`, money `USD`.',
    '- Prometheus names come from `prometheusName(definition)`: dots to `_`, the base-unit suffix ' +
      '(`_seconds`, `_bytes`, `_usd`, `_per_second`), no `_total` (the exposition writer adds it to counters).',
    '- Tag keys are bounded sets; ids of unbounded populations (trace, request, task, auction ids) ' +
      'never become tags.',
    ...layerSections(metricColumns, (layer) =>
      metricDefinitions.filter((d) => d.layer === layer).map(metricRow),
    ),
  ]
  lines.push(
    '',
    '## Backend names',
    '',
    'Prometheus names, and the OpenTelemetry semantic-convention metric where one names the same thing ' +
      '(exporters that emit it rename tags as listed and send base units).',
    '',
    ...tableHead('metric', 'Prometheus', 'OpenTelemetry', 'attributes'),
  )
  for (const m of metricDefinitions) {
    const attributes = Object.entries(m.otelAttributes ?? {})
      .map(([tag, attribute]) => `${code(tag)} -> ${code(attribute)}`)
      .join(', ')
    const otel = m.otelName ? code(m.otelName) : '-'
    lines.push(`| ${code(m.name)} | ${code(prometheusName(m))} | ${otel} | ${attributes || '-'} |`)
  }
  lines.push(
    '',
    '## Other spellings',
    '',
    ...tableHead('metric', 'also known as'),
    ...metricDefinitions.flatMap((m) => (m.seedName ? [`| ${code(m.name)} | ${code(m.seedName)} |`] : [])),
    '',
    '## Recorded from',
    '',
    ...tableHead('metric', 'events'),
    ...metricDefinitions.map((m) => `| ${code(m.name)} | ${(m.events ?? []).map(code).join(', ') || '-'} |`),
  )
  return `${lines.join('\n')}\n`
}
