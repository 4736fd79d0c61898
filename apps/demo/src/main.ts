/**
 * The demo CLI (`pnpm demo`): `--port N` (default 9464, `0` picks a free one), `--host H`
 * (default 127.0.0.1), `--duration S` (run S seconds, flush every exporter, exit 0), `--rate R`
 * (requests per second), `--seed N`, `--shutdown-timeout S` (default 10: one deadline for the
 * whole shutdown, below the usual 30 s grace period). Reads the standard `OTEL_*` variables.
 *
 * Exit codes: 0 when everything was flushed; 1 when the shutdown deadline passed or an exporter
 * reported dropped or undelivered data during shutdown (a line says which).
 *
 * `--workers N`: N workers under node:cluster, each a whole demo on a port of its own; the primary
 * serves their merged `/metrics` on `--port`.
 */
import { parseArgs } from 'node:util'
import { isClusterWorker, startClusterPrimary, startClusterWorker } from './cluster.ts'
import { startDemo } from './demo.ts'

const usage = `Usage: pnpm demo [--port 9464] [--host 127.0.0.1] [--duration SECONDS] [--rate 40] [--seed 1] [--shutdown-timeout 10] [--workers N]
--workers N runs N workers (node:cluster); the primary serves their merged /metrics.
OTLP export is on when OTEL_EXPORTER_OTLP_ENDPOINT (or a per-signal endpoint) is set.`

/** Seconds the whole shutdown may take unless `--shutdown-timeout` says otherwise. */
const DEFAULT_SHUTDOWN_TIMEOUT = 10

/** Reports that mean data did not reach its destination. */
function lossCount(stats: Readonly<Record<string, number>>): number {
  return (stats.export_failure ?? 0) + (stats.data_dropped ?? 0)
}

/** A port in use is one line a person can act on, instead of a stack trace; anything else rethrows. */
function exitIfPortInUse(error: unknown, port: number, host: string): never {
  if ((error as { code?: unknown } | null)?.code !== 'EADDRINUSE') throw error
  console.error(
    `Port ${port} on ${host} is already in use: pass --port N for another, or --port 0 for a free one.`,
  )
  process.exit(1)
}

/**
 * `stop(why)`, run once: on the first SIGINT or SIGTERM, or the first call of the returned
 * function (the `--duration` timer); whatever comes after is ignored.
 */
function stopOnce(stop: (why: string) => Promise<void>): (why: string) => Promise<void> {
  let stopping = false
  const once = async (why: string) => {
    if (stopping) return
    stopping = true
    await stop(why)
  }
  process.once('SIGINT', () => void once('SIGINT'))
  process.once('SIGTERM', () => void once('SIGTERM'))
  return once
}

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
      'shutdown-timeout': { type: 'string' },
      workers: { type: 'string' },
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
  const shutdownTimeout = number(values['shutdown-timeout'], 'shutdown-timeout') ?? DEFAULT_SHUTDOWN_TIMEOUT
  const host = values.host ?? '127.0.0.1'
  const workers = number(values.workers, 'workers')
  const workload = { ...(rate === undefined ? {} : { rate }), ...(seed === undefined ? {} : { seed }) }
  if (isClusterWorker()) {
    await startClusterWorker({ host, workload })
    return
  }
  if (workers !== undefined && workers >= 1) {
    await runPrimary(Math.floor(workers), port, host, duration)
    return
  }
  let demo: Awaited<ReturnType<typeof startDemo>>
  try {
    demo = await startDemo({
      port,
      host,
      workload,
    })
  } catch (error) {
    exitIfPortInUse(error, port, host)
  }
  // Signals are handled from here on, before the banner: whoever waits for it may signal at once.
  const shutdown = stopOnce(async (why) => {
    console.log(`Stopping (${why}): flushing exporters (deadline ${shutdownTimeout} s)...`)
    const before = lossCount(demo.telemetry.stats())
    let deadline: ReturnType<typeof setTimeout> | undefined
    const timedOut = new Promise<'deadline'>((resolve) => {
      deadline = setTimeout(() => resolve('deadline'), shutdownTimeout * 1000)
    })
    try {
      const outcome = await Promise.race([demo.stop().then(() => 'stopped' as const), timedOut])
      clearTimeout(deadline)
      if (outcome === 'deadline') {
        console.error(
          `Stopped at the ${shutdownTimeout} s shutdown deadline: exporters had not finished; unsent data was dropped.`,
        )
        process.exit(1)
      }
      const lost = lossCount(demo.telemetry.stats()) - before
      if (lost > 0) {
        console.error(
          `Stopped, but ${lost} export failure(s) or drop(s) were reported during shutdown: data was lost.`,
        )
        process.exit(1)
      }
      console.log('Stopped.')
      process.exit(0)
    } catch (error) {
      console.error('Shutdown failed:', error)
      process.exit(1)
    }
  })
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

async function runPrimary(workers: number, port: number, host: string, duration: number | undefined) {
  // Workers get the same flags but --workers, and ports of their own.
  const args: string[] = []
  const argv = process.argv.slice(2)
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string
    if (arg === '--workers' || arg === '--port') i++
    else if (!arg.startsWith('--workers=') && !arg.startsWith('--port=')) args.push(arg)
  }
  let primary: Awaited<ReturnType<typeof startClusterPrimary>>
  try {
    primary = await startClusterPrimary({ workers, port, host, args })
  } catch (error) {
    exitIfPortInUse(error, port, host)
  }
  const shutdown = stopOnce(async (why) => {
    console.log(`Stopping (${why}): stopping workers...`)
    await primary.stop()
    console.log('Stopped.')
    process.exit(0)
  })
  await primary.ready
  console.log(`Foundation Telemetry demo: ${workers} workers, merged metrics on port ${primary.port}`)
  console.log(`  Metrics:   ${primary.url}/metrics (every worker's, merged)`)
  for (const [slot, url] of Object.entries(primary.workerUrls())) console.log(`  Worker ${slot}:  ${url}/`)
  console.log(duration === undefined ? 'Ctrl-C to stop.' : `Running for ${duration} s.`)
  if (duration !== undefined) setTimeout(() => void shutdown(`${duration} s elapsed`), duration * 1000)
}

main().catch((error: unknown) => {
  console.error('The demo failed to start:', error)
  process.exit(1)
})
