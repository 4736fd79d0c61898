/**
 * The HTML rendering of a report: one self-contained file (uPlot's script and styles inlined, no
 * network) with the summary table, thresholds, errors, and charts of throughput and latency
 * percentiles over the measured phase.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { formatDuration } from './duration.ts'
import { type LoadTestReport, SCENARIO_COLUMNS, type ScenarioReport, scenarioCells } from './report.ts'
import { formatThresholdValue } from './thresholdEvaluator.ts'

let uplotAssets: { js: string; css: string } | undefined

/** uPlot's minified script and stylesheet, read once from the installed package. */
function uplot(): { js: string; css: string } {
  if (uplotAssets === undefined) {
    const require = createRequire(import.meta.url)
    const js = readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8')
    const css = readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8')
    uplotAssets = { js, css }
  }
  return uplotAssets
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/** JSON safe inside a `<script>` element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
}

function scenarioRow(name: string, s: ScenarioReport, total = false): string {
  const cells = scenarioCells(s)
  const tag = total ? 'th' : 'td'
  return `<tr${total ? ' class="total"' : ''}><${tag}>${escapeHtml(name)}</${tag}>${cells.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`
}

const STYLE = `
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#1d2330;background:#fff}
h1{font-size:20px;margin:0 0 4px} .meta{color:#5a6270;margin-bottom:16px}
table{border-collapse:collapse;margin:8px 0 20px} th,td{padding:4px 10px;border-bottom:1px solid #e3e6eb;text-align:right}
th:first-child,td:first-child{text-align:left} tr.total{font-weight:600}
.pass{color:#127a3a} .fail{color:#b3261e} .verdict{font-size:16px;font-weight:600;margin:8px 0}
.chart{margin:8px 0 24px} code{background:#f3f4f6;padding:1px 4px;border-radius:3px}
`

const CHARTS = `
const report = JSON.parse(document.getElementById('report-data').textContent);
const pts = report.timeline.points;
const xs = pts.map(p => p.t);
const width = Math.min(1100, document.body.clientWidth - 48);
// A log scale cannot show zero: an empty interval is a gap.
const nul = v => v === null || v <= 0 ? null : v;
new uPlot({ title: 'Throughput (iterations/s)', width, height: 260, scales: { x: { time: false } },
  series: [{ label: 's' }, { label: 'iterations/s', stroke: '#2b6cb0', width: 2 }, { label: 'errors/s', stroke: '#c53030', width: 2 }],
  axes: [{ label: 'seconds into the measured phase' }, { size: 80 }] },
  [xs, pts.map(p => p.throughput), pts.map(p => p.errors)], document.getElementById('throughput'));
new uPlot({ title: 'Latency (ms, log scale)', width, height: 260, scales: { x: { time: false }, y: { distr: 3 } },
  series: [{ label: 's' }, { label: 'p50', stroke: '#2f855a', width: 2 }, { label: 'p95', stroke: '#dd6b20', width: 2 }, { label: 'p99', stroke: '#c53030', width: 2 }, { label: 'max', stroke: '#718096', width: 1, dash: [4, 4] }],
  axes: [{ label: 'seconds into the measured phase' }, { size: 80 }] },
  [xs, pts.map(p => nul(p.p50)), pts.map(p => nul(p.p95)), pts.map(p => nul(p.p99)), pts.map(p => nul(p.max))], document.getElementById('latency'));
`

/**
 * Render `report` as a self-contained HTML page (what `ft-load --html` writes).
 *
 * @example
 * writeFileSync('report.html', renderHtmlReport(report))
 */
export function renderHtmlReport(report: LoadTestReport): string {
  const { js, css } = uplot()
  const scenarios = Object.entries(report.scenarios)
  const rows = scenarios.map(([name, s]) => scenarioRow(name, s))
  if (scenarios.length > 1) rows.push(scenarioRow('total', report.total, true))
  const thresholds = report.thresholds
    .map(
      (th) =>
        `<tr><td class="${th.passed ? 'pass' : 'fail'}">${th.passed ? '✓' : '✗'} <code>${escapeHtml(th.expression)}</code></td>` +
        `<td>${escapeHtml(formatThresholdValue(th))}</td>` +
        `<td>${th.window_ms === undefined ? 'whole run' : `${th.failed_evaluations}/${th.evaluations} windows failed`}</td></tr>`,
    )
    .join('')
  const errors = scenarios
    .flatMap(([name, s]) =>
      Object.entries(s.error_types).map(
        ([category, e]) =>
          `<tr><td>${escapeHtml(name)}</td><td>${escapeHtml(category)}</td><td>${e.count}</td><td style="text-align:left">${escapeHtml(e.samples.join(' | '))}</td></tr>`,
      ),
    )
    .join('')
  const aborted = report.aborted === false ? '' : ` · stopped early (${report.aborted})`
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(report.name)}: load-test report</title>
<style>${css}</style><style>${STYLE}</style></head>
<body>
<h1>${escapeHtml(report.name)}</h1>
<div class="meta">${report.model} model · ${escapeHtml(report.executor.type)} · measured ${formatDuration(report.duration_ms)} from ${escapeHtml(report.started_at)}${report.workers > 0 ? ` · ${report.workers} workers` : ''}${aborted} · run ${escapeHtml(report.run_id)}</div>
<div class="verdict ${report.passed ? 'pass' : 'fail'}">${report.passed ? 'PASSED' : 'FAILED'}</div>
<table><thead><tr><th>scenario</th>${SCENARIO_COLUMNS.map((c) => `<th>${c}</th>`).join('')}</tr></thead>
<tbody>${rows.join('')}</tbody></table>
${thresholds === '' ? '' : `<h2>Thresholds</h2><table><tbody>${thresholds}</tbody></table>`}
${errors === '' ? '' : `<h2>Errors</h2><table><thead><tr><th>scenario</th><th>category</th><th>count</th><th>samples</th></tr></thead><tbody>${errors}</tbody></table>`}
<h2>Over time</h2>
<div id="throughput" class="chart"></div>
<div id="latency" class="chart"></div>
<script type="application/json" id="report-data">${scriptJson(report)}</script>
<script>${js.replace(/<\/script/gi, '<\\/script')}</script>
<script>${CHARTS}</script>
</body></html>
`
}
