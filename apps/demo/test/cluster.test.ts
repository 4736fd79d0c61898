/**
 * `pnpm demo --workers 2`: the primary's one `/metrics` passes `promtool check metrics`, and its
 * counters are the sums of the workers' own. The workload runs at rate 0 (registrations only) so
 * the totals hold still between the scrapes being compared.
 */
import { spawn, spawnSync } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const bin = fileURLToPath(new URL('../bin/demo.mjs', import.meta.url))
const promtool = spawnSync('promtool', ['--version']).status === 0

async function text(url: string): Promise<string> {
  const res = await fetch(url)
  return res.text()
}

/** `name{labels} value` lines of counters (`_total`), by series. */
function counters(exposition: string, prefix: string): Map<string, number> {
  const out = new Map<string, number>()
  for (const line of exposition.split('\n')) {
    if (!line.startsWith(prefix)) continue
    const space = line.lastIndexOf(' ')
    const series = line.slice(0, space)
    if (!series.split('{')[0]?.endsWith('_total')) continue
    out.set(series, Number(line.slice(space + 1)))
  }
  return out
}

describe.skipIf(!promtool)('the demo with --workers 2', () => {
  let child: ReturnType<typeof spawn>
  let stdout = ''

  beforeAll(async () => {
    child = spawn(process.execPath, [bin, '--workers', '2', '--port', '0', '--rate', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: '' },
    })
    child.stdout?.setEncoding('utf8')
    // Keep reading to the end (a destroyed pipe would fail the child's later writes).
    await new Promise<void>((resolve, reject) => {
      child.once('exit', (code) =>
        reject(new Error(`the demo exited (${code}) before its banner: ${stdout}`)),
      )
      child.stdout?.on('data', (chunk: string) => {
        stdout += chunk
        if (/Worker 2: +http/.test(stdout) && stdout.includes('to stop')) resolve()
      })
    })
  }, 60_000)

  afterAll(async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM')
      await once(child, 'exit')
    }
  })

  const primaryUrl = () => /merged metrics on port (\d+)/.exec(stdout)?.[1]
  const workerUrls = () => [...stdout.matchAll(/Worker \d+: +(http:\/\/\S+)\//g)].map((m) => m[1] as string)

  it('serves one /metrics that promtool accepts, whose counters are the sums of the workers', async () => {
    const merged = await text(`http://127.0.0.1:${primaryUrl()}/metrics`)
    const check = spawnSync('promtool', ['check', 'metrics'], { input: merged, encoding: 'utf8' })
    expect({ status: check.status, findings: `${check.stdout}${check.stderr}` }).toEqual({
      status: 0,
      findings: '',
    })

    const urls = workerUrls()
    expect(new Set(urls).size).toBe(2)
    const prefix = 'foundation_process_registry_registrations_total'
    const sums = new Map<string, number>()
    for (const url of urls) {
      for (const [series, value] of counters(await text(`${url}/metrics`), prefix))
        sums.set(series, (sums.get(series) ?? 0) + value)
    }
    const total = [...sums.values()].reduce((a, b) => a + b, 0)
    expect(total).toBe(100)
    expect(counters(merged, prefix)).toEqual(sums)
  }, 60_000)
})
