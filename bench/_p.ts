import { createTelemetry } from '@foundation-telemetry/core'
import { attachFoundationCollector } from '@foundation-telemetry/foundation-collector'
import client from 'prom-client'
const time = (f: (i: number) => void) => { const N = 200000; const s = process.cpuUsage(); for (let i = 0; i < N; i++) f(i); const d = process.cpuUsage(s); return ((d.user + d.system) * 1000) / N }
const md = Array.from({ length: 64 }, (_, i) => ({ name: `d${i & 7}` }))
const m = Array.from({ length: 64 }, (_, i) => ({ duration: i, monotonic_time: 0 }))
const E = 'foundation.circuit_breaker.call.stop'
const mk = (f: (t: any) => void) => { const t = createTelemetry({ service: 'x' }); f(t); return (i: number) => t.execute(E, m[i & 63], md[i & 63]) }
const reg = new client.Registry()
const c = new client.Counter({ name: 'a_total', help: 'a', labelNames: ['name', 'outcome'], registers: [reg] })
const h = new client.Histogram({ name: 'b_seconds', help: 'b', labelNames: ['name'], buckets: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10], registers: [reg] })
const labels = md.map((x) => ({ name: x.name, outcome: 'success' })); const names = md.map((x) => ({ name: x.name }))
const cases: Record<string, (i: number) => void> = {
  prom: (i) => { c.inc(labels[i & 63]!); h.observe(names[i & 63]!, i / 1000) },
  noop: mk((t) => t.attach('n', E, () => {})),
  defined: mk((t) => t.metrics.define([{ name: 'foundation.circuit_breaker.calls' }, { name: 'foundation.circuit_breaker.latency' }])),
  full: mk((t) => attachFoundationCollector(t)),
}
const best: Record<string, number> = {}
for (let r = 0; r < 15; r++) for (const [k, f] of Object.entries(cases)) { const v = time(f); if (r > 2) best[k] = Math.min(best[k] ?? Infinity, v) }
for (const [k, v] of Object.entries(best)) console.log(k.padEnd(8), Math.round(v), 'ns', (v / best.prom!).toFixed(3))
