/**
 * The live page at `/`: static HTML that polls `/api/summary` every second and shows the KPIs.
 * Kept deliberately small; the full dashboard comes in a later issue.
 */
export const livePage = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Foundation Telemetry demo</title>
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 2rem; color: #1b1f24; }
  h1 { font-size: 1.3rem; }
  .kpis { display: grid; grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr)); gap: .75rem; }
  .kpi { border: 1px solid #d0d7de; border-radius: 6px; padding: .75rem; }
  .kpi b { display: block; font-size: 1.4rem; }
  .open { color: #cf222e; } .half_open { color: #9a6700; } .closed { color: #1a7f37; }
  pre { background: #f6f8fa; padding: .75rem; border-radius: 6px; }
</style>
</head>
<body>
<h1>Foundation Telemetry demo</h1>
<p>Live KPIs from <code>/api/summary</code> (last 10 s). Raw metrics: <a href="/metrics">/metrics</a> · health: <a href="/healthz">/healthz</a></p>
<div class="kpis" id="kpis">loading…</div>
<h2>Circuit breakers</h2>
<div id="breakers"></div>
<h2>Requests by outcome</h2>
<pre id="outcomes"></pre>
<script>
const fmt = (v, unit) => (v === null || v === undefined ? '–' : v + (unit || ''))
async function refresh() {
  try {
    const s = await (await fetch('/api/summary')).json()
    document.getElementById('kpis').innerHTML = [
      ['Requests/s', fmt(s.recent.requestsPerSecond)],
      ['p50 latency', fmt(s.recent.p50Ms, ' ms')],
      ['p99 latency', fmt(s.recent.p99Ms, ' ms')],
      ['Failed call ratio', fmt(s.recent.errorRatio)],
      ['Requests', fmt(s.requests.total)],
      ['Processes', fmt(s.registry.processes)],
      ['Uptime', fmt(s.uptimeSeconds, ' s')],
    ].map(([k, v]) => '<div class="kpi">' + k + '<b>' + v + '</b></div>').join('')
    document.getElementById('breakers').innerHTML = Object.entries(s.breakers)
      .map(([name, state]) => '<span class="' + state + '">' + name + ': ' + state + '</span>').join(' · ')
    document.getElementById('outcomes').textContent = JSON.stringify(s.requests.byOutcome, null, 2)
  } catch (error) {
    document.getElementById('kpis').textContent = 'demo not reachable: ' + error
  }
}
refresh()
setInterval(refresh, 1000)
</script>
</body>
</html>
`
