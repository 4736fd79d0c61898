/**
 * A real VictoriaMetrics (Debian `victoria-metrics`) for the exporters' server tests: started on
 * 127.0.0.1 with a temporary data directory, read back through /api/v1/export.
 */
import { existsSync } from 'node:fs'
import http from 'node:http'
import { startLocalServer } from '../../../tooling/testing/localServer.ts'

export const VICTORIA_METRICS = '/usr/bin/victoria-metrics'
export const hasVictoriaMetrics = existsSync(VICTORIA_METRICS)

/** One exported series. */
export type ExportRow = { metric: Record<string, string>; values: number[]; timestamps: number[] }

export interface RunningVictoriaMetrics {
  readonly base: string
  /** Flush ingestion and read every series matching `selector`, until `until(rows)` holds (bounded). */
  exportRows(selector: string, until: (rows: ExportRow[]) => boolean): Promise<ExportRow[]>
  stop(): Promise<void>
}

/** GET `url`; resolves with the status and body. */
export function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }))
      })
      .on('error', reject)
  })
}

/** Start VictoriaMetrics and wait until it answers /health. */
export async function startVictoriaMetrics(): Promise<RunningVictoriaMetrics> {
  // VictoriaMetrics logs the pprof line just before it listens: wait for it, then for /health.
  const server = await startLocalServer({
    binary: VICTORIA_METRICS,
    name: 'vm',
    args: (port, dir) => [
      `-storageDataPath=${dir}`,
      `-httpListenAddr=127.0.0.1:${port}`,
      '-loggerLevel=INFO',
    ],
    readyWhen: 'pprof handlers are exposed',
  })
  const base = `http://127.0.0.1:${server.port}`
  let healthy = false
  for (let attempt = 0; attempt < 500 && !healthy; attempt++) {
    healthy = await get(`${base}/health`).then(
      (response) => response.status === 200,
      () => false,
    )
  }
  if (!healthy) {
    await server.stop()
    throw new Error('victoria-metrics never answered /health')
  }
  return {
    base,
    async exportRows(selector, until) {
      let rows: ExportRow[] = []
      // Ingestion is asynchronous: rows count as inserted at once, but VictoriaMetrics 1.79 makes
      // new series searchable only when its index flushes (about a second later; force_flush does
      // not reach it). Query until they show: a bounded number of real round trips (~1 ms each).
      for (let attempt = 0; attempt < 5000 && !until(rows); attempt++) {
        await get(`${base}/internal/force_flush`)
        const exported = await get(`${base}/api/v1/export?match[]=${encodeURIComponent(selector)}`)
        rows = exported.body
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as ExportRow)
      }
      return rows
    },
    stop: server.stop,
  }
}
