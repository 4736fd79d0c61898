/**
 * The demo CLI (`pnpm demo`): `--port N` (default 9464, `0` picks a free one), `--host H`
 * (default 127.0.0.1), `--duration S` (run S seconds, flush every exporter, exit 0), `--rate R`
 * (requests per second), `--seed N`. Reads the standard `OTEL_*` variables.
 */
import { parseArgs } from 'node:util'
import { startDemo } from './demo.ts'

const usage = `Usage: pnpm demo [--port 9464] [--host 127.0.0.1] [--duration SECONDS] [--rate 40] [--seed 1]
OTLP export is on when OTEL_EXPORTER_OTLP_ENDPOINT (or a per-signal endpoint) is set.`

function number(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isFinite(n) || n < 0) {
    console.error(`--${name} must be a non-negative number, got ${value}\n${usage}`)
    process.exit(2)
  }
  return n
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      duration: { type: 'string' },
      rate: { type: 'string' },
      seed: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help === true) {
    console.log(usage)
    return
  }
  const port = number(values.port, 'port') ?? 9464
  const duration = number(values.duration, 'duration')
  const rate = number(values.rate, 'rate')
  const seed = number(values.seed, 'seed')
  const host = values.host ?? '127.0.0.1'
  let demo: Awaited<ReturnType<typeof startDemo>>
  try {
    demo = await startDemo({
      port,
      host,
      workload: { ...(rate === undefined ? {} : { rate }), ...(seed === undefined ? {} : { seed }) },
    })
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code !== 'EADDRINUSE') throw error
    // One line a person can act on, instead of a stack trace.
    console.error(`Port ${port} on ${host} is already in use: pass --port N for another, or --port 0 for a free one.`)
    process.exit(1)
  }
  let exiting = false
  const shutdown = async (why: string) => {
    if (exiting) return
    exiting = true
    console.log(`Stopping (${why}): flushing exporters...`)
    try {
      await demo.stop()
      console.log('Stopped.')
      process.exit(0)
    } catch (error) {
      console.error('Shutdown failed:', error)
      process.exit(1)
    }
  }
  // Installed before the banner: whoever waits for the banner may signal at once.
  process.once('SIGINT', () => void shutdown('SIGINT'))
  process.once('SIGTERM', () => void shutdown('SIGTERM'))
  console.log(`Foundation Telemetry demo (service ${demo.telemetry.service}) on port ${demo.port}`)
  console.log(`  Live page: ${demo.url}/`)
  console.log(`  Metrics:   ${demo.url}/metrics`)
  console.log(`  Health:    ${demo.url}/healthz`)
  console.log(`  Summary:   ${demo.url}/api/summary`)
  if (demo.otlp !== undefined) {
    console.log(
      `  OTLP:      traces -> ${demo.otlp.endpoints.traces}, metrics -> ${demo.otlp.endpoints.metrics}`,
    )
  } else {
    console.log('  OTLP:      off (set OTEL_EXPORTER_OTLP_ENDPOINT to export traces and metrics)')
  }
  console.log(duration === undefined ? 'Ctrl-C to stop.' : `Running for ${duration} s.`)

  if (duration !== undefined) setTimeout(() => void shutdown(`${duration} s elapsed`), duration * 1000)
}

main().catch((error: unknown) => {
  console.error('The demo failed to start:', error)
  process.exit(1)
})
