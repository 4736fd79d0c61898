/**
 * `load_test.http`: CPU time of the load generator per HTTP request, against a local `node:http`
 * server in another process, at the same connection count and request count on both sides. Ours:
 * `runLoadTest` with a constant-VU executor (one VU per connection) calling the package's HTTP
 * helper (on `http:`, its own HTTP/1.1 keep-alive client over `node:net`, as autocannon has its
 * own), with every iteration's events, metrics and report sketch on. Peer: autocannon. Each run
 * opens its connections, sends the requests, and closes them; runs are bounded in requests and time.
 */
import { type ChildProcess, fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { CaseDefinition, Prepared, SideEnv } from '../caseSpec.ts'
import { importFunction, ourTelemetry } from '../ours.ts'

const CONNECTIONS = 50
const SERVER = fileURLToPath(new URL('../httpServer.mjs', import.meta.url))

function requestsPerRun(env: SideEnv): number {
  return env.smoke ? 200 : 4000
}

let server: Promise<{ port: number; child: ChildProcess }> | undefined

/** One server per worker process, shared by its runs. */
function startServer(): Promise<{ port: number; child: ChildProcess }> {
  server ??= new Promise((resolve, reject) => {
    const child = fork(SERVER, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    child.once('message', (message) => resolve({ port: (message as { port: number }).port, child }))
    child.once('error', reject)
    child.once('exit', (code) => reject(new Error(`bench server exited (${code})`)))
  })
  return server
}

type RunLoadTest = typeof import('@foundation-telemetry/load-test').runLoadTest
type CreateHttpClient = typeof import('@foundation-telemetry/load-test').createHttpClient

async function ours(env: SideEnv): Promise<Prepared> {
  const runLoadTest = await importFunction<RunLoadTest>('@foundation-telemetry/load-test', 'runLoadTest')
  const createHttpClient = await importFunction<CreateHttpClient>(
    '@foundation-telemetry/load-test',
    'createHttpClient',
  )
  const { telemetry, log } = await ourTelemetry()
  const { port } = await startServer()
  const n = requestsPerRun(env)
  let problem: string | undefined
  const request = { path: '/' }
  return {
    kind: 'ns',
    clock: 'cpu',
    opsPerRun: n,
    run: async () => {
      const http = createHttpClient({ baseUrl: `http://127.0.0.1:${port}`, connections: CONNECTIONS })
      const report = await runLoadTest({
        telemetry,
        scenarios: [{ name: 'get', run: () => http.request(request) }],
        executor: { type: 'constant-vus', vus: CONNECTIONS, duration: '30s', iterations: n },
      })
      await http.close()
      if (report.total.count !== n || report.total.errors !== 0) {
        problem ??= `ours: ${report.total.count} requests, ${report.total.errors} errors (expected ${n}, 0)`
      }
      return report.total.count
    },
    verify: () => problem ?? log.describe(),
  }
}

async function peer(env: SideEnv): Promise<Prepared> {
  // autocannon ships no types; a specifier in a variable keeps the import untyped on purpose.
  const specifier = 'autocannon'
  const { default: autocannon } = (await import(specifier)) as {
    default: (
      options: Record<string, unknown>,
    ) => Promise<{ requests: { total: number }; errors: number; non2xx: number; timeouts: number }>
  }
  const { port } = await startServer()
  const n = requestsPerRun(env)
  let problem: string | undefined
  return {
    kind: 'ns',
    clock: 'cpu',
    opsPerRun: n,
    run: async () => {
      const result = await autocannon({
        url: `http://127.0.0.1:${port}/`,
        connections: CONNECTIONS,
        amount: n,
        timeout: 30,
      })
      if (result.errors !== 0 || result.non2xx !== 0 || result.timeouts !== 0) {
        problem ??= `autocannon: ${result.errors} errors, ${result.non2xx} non-2xx, ${result.timeouts} timeouts`
      }
      return result.requests.total
    },
    verify: () => problem,
  }
}

/** `load_test.http`: generator CPU per request, ours vs autocannon at 50 connections. */
export const loadTestHttp: CaseDefinition = {
  unit: 'ns',
  goal: { kind: 'ratio', max: 1.1 },
  peer: 'autocannon',
  description: `generator CPU per request: runLoadTest (constant-vus, ${CONNECTIONS} VUs, HTTP helper) vs autocannon, ${CONNECTIONS} connections, local node:http server in another process`,
  ours,
  peerSide: peer,
}
