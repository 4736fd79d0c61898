import { createTelemetry } from '@foundation-telemetry/core'
import { createPrometheusExporter } from '@foundation-telemetry/exporters/prometheus'

const t = createTelemetry({ service: 'planner', layer: 'foundation_jido' })

// Subscribe: one name, a list, or a prefix pattern.
t.attach('breaker-log', 'foundation.circuit_breaker.*', (event, measurements, metadata) => {
  console.log(event, measurements, metadata)
})

// Emit: synchronous, typed from the taxonomy, never throws into your code.
t.execute(
  'foundation.circuit_breaker.state_change',
  { failure_count: 5 },
  { name: 'llm', from: 'closed', to: 'open' },
)

// Spans: `.start` / `.stop` / `.exception` events, trace ids in metadata, context through await.
await t.span('dspex.program.execution', { program_id: 'qa' }, async () => {
  t.metrics.counter('dspex.program.executions').add(1, { program_type: 'qa' })
})

// Expose /metrics for Prometheus, on 127.0.0.1 by default.
const prom = createPrometheusExporter({ telemetry: t })
const { url } = await prom.listen({ port: Number(process.env.PORT ?? 9464) })
console.log(`Prometheus can scrape ${url}`)

export { prom, t }
