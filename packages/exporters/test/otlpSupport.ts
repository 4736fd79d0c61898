/**
 * Test support shared by the exporter tests: a fault-injecting HTTP receiver on 127.0.0.1 and a
 * small telemetry fake on a manual clock that records errors, events and health metrics.
 */
import { once } from 'node:events'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { gunzipSync } from 'node:zlib'
import {
  createManualClock,
  type ManualClock,
  type MetricSnapshot,
  type ReadableSpan,
  SpanStatusCode,
  type TelemetryError,
} from '@foundation-telemetry/core'
import { afterEach, beforeEach } from 'vitest'
import type { ExporterTelemetry } from '../src/shared/exporterTelemetry.ts'

/** One request the receiver saw, body already gunzipped when it was compressed. */
export interface ReceivedRequest {
  method: string
  path: string
  headers: http.IncomingHttpHeaders
  body: Buffer
}

/** A scripted response; `hold` never answers (until the receiver closes). */
export type ScriptedResponse =
  | { status: number; headers?: Record<string, string>; body?: Uint8Array | string }
  | 'hold'

/** A local receiver whose responses are scripted per request; default 200 with an empty body. */
export interface Receiver {
  url: string
  requests: ReceivedRequest[]
  /** Queue responses for the next requests, in order. */
  respond(...responses: ScriptedResponse[]): void
  /** Resolves with the next request not yet awaited. */
  next(): Promise<ReceivedRequest>
  close(): Promise<void>
}

/**
 * A receiver started before each test of the calling file and closed after it, read through the
 * returned getter.
 */
export function useReceiver(): () => Receiver {
  let receiver: Receiver | undefined
  beforeEach(async () => {
    receiver = await startReceiver()
  })
  afterEach(async () => {
    await receiver?.close()
  })
  return () => receiver as Receiver
}

/** Listen on a free 127.0.0.1 port; resolves with the server's base URL. */
async function listenOnLoopback(server: http.Server): Promise<string> {
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  return `http://127.0.0.1:${port}`
}

/** Drop every open connection and wait until the server is closed. */
async function closeNow(server: http.Server): Promise<void> {
  server.closeAllConnections()
  server.close()
  await once(server, 'close')
}

export async function startReceiver(): Promise<Receiver> {
  const requests: ReceivedRequest[] = []
  const script: ScriptedResponse[] = []
  const held: http.ServerResponse[] = []
  const waiters: Array<(request: ReceivedRequest) => void> = []
  let consumed = 0
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      let body = Buffer.concat(chunks)
      if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body)
      const request = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body }
      requests.push(request)
      const planned = script.shift() ?? { status: 200 }
      if (planned === 'hold') held.push(res)
      else {
        res.writeHead(planned.status, planned.headers)
        res.end(planned.body ?? '')
      }
      const waiter = waiters.shift()
      if (waiter) {
        consumed++
        waiter(request)
      }
    })
  })
  return {
    url: await listenOnLoopback(server),
    requests,
    respond: (...responses) => void script.push(...responses),
    next() {
      if (consumed < requests.length) return Promise.resolve(requests[consumed++] as ReceivedRequest)
      return new Promise((resolve) => waiters.push(resolve))
    },
    async close() {
      for (const res of held) res.destroy()
      await closeNow(server)
    },
  }
}

/**
 * A proxy in front of `target` that resets the first connection as soon as its request arrives
 * (the peer sees ECONNRESET) and forwards later ones.
 */
export async function startResettingReceiver(
  target: string,
): Promise<{ url: string; resets(): number; close(): Promise<void> }> {
  let resets = 0
  const server = http.createServer((req, res) => {
    if (resets === 0) {
      resets++
      req.socket.destroy()
      return
    }
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const forward = http.request(
        `${target}${req.url ?? '/'}`,
        { method: req.method, headers: req.headers },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers)
          up.pipe(res)
        },
      )
      forward.end(Buffer.concat(chunks))
    })
  })
  return { url: await listenOnLoopback(server), resets: () => resets, close: () => closeNow(server) }
}

/** A recorded health metric update. */
export interface MetricUpdate {
  name: string
  tags: Record<string, string>
  value: number
}

/** A telemetry fake for exporters: manual clock, recorded errors/events/health, scripted snapshots. */
export interface FakeTelemetry extends ExporterTelemetry {
  clock: ManualClock
  errors: TelemetryError[]
  events: Array<{ event: string; measurements: Record<string, number>; metadata: Record<string, unknown> }>
  counters: MetricUpdate[]
  /** Snapshots `metrics.collect()` returns next. */
  snapshots: MetricSnapshot[]
  collectCalls: Array<{ temporality?: string; reader?: string }>
  /** Resolves on the next `execute` of `event`. */
  nextEvent(
    event: string,
  ): Promise<{ measurements: Record<string, number>; metadata: Record<string, unknown> }>
  /** Sum of counter updates matching `name` and the given tags. */
  counted(name: string, tags?: Record<string, string>): number
}

export function fakeTelemetry(
  resource: Record<string, string> = { 'service.name': 'test-service' },
): FakeTelemetry {
  const clock = createManualClock()
  const errors: TelemetryError[] = []
  const events: FakeTelemetry['events'] = []
  const counters: MetricUpdate[] = []
  const collectCalls: FakeTelemetry['collectCalls'] = []
  const waiters: Array<{
    event: string
    resolve: (value: { measurements: Record<string, number>; metadata: Record<string, unknown> }) => void
  }> = []
  const fake = {
    clock,
    resource,
    errors,
    events,
    counters,
    snapshots: [] as MetricSnapshot[],
    collectCalls,
    reportError: (error: TelemetryError) => void errors.push(error),
    execute(
      event: string,
      measurements: Record<string, number> = {},
      metadata: Record<string, unknown> = {},
    ) {
      events.push({ event, measurements, metadata })
      const index = waiters.findIndex((waiter) => waiter.event === event)
      if (index >= 0) waiters.splice(index, 1)[0]?.resolve({ measurements, metadata })
    },
    nextEvent(event: string) {
      return new Promise((resolve) => waiters.push({ event, resolve }))
    },
    counted(name: string, tags: Record<string, string> = {}) {
      return counters
        .filter(
          (update) => update.name === name && Object.entries(tags).every(([k, v]) => update.tags[k] === v),
        )
        .reduce((sum, update) => sum + update.value, 0)
    },
    redact: <TValue>(value: TValue) => value,
    metrics: {
      counter: (name: string) => ({
        name,
        add() {},
        bind: (tags: Record<string, string>) => ({
          add: (value = 1) => void counters.push({ name, tags, value }),
        }),
      }),
      gauge: (name: string) => ({ name, set() {}, bind: () => ({ set() {} }) }),
      collect(options: { temporality?: string; reader?: string } = {}) {
        collectCalls.push(options)
        return fake.snapshots
      },
    },
  }
  return fake as unknown as FakeTelemetry
}

/** A finished, sampled span as core hands it to a processor. */
export function makeSpan(index: number, overrides: Partial<ReadableSpan> = {}): ReadableSpan {
  const start = Date.UTC(2026, 0, 1) + index
  return {
    name: `work.${index}`,
    kind: 0,
    spanContext: {
      traceId: (index + 1).toString(16).padStart(32, '0'),
      spanId: (index + 1).toString(16).padStart(16, 'a'),
      traceFlags: 1,
    },
    startTime: start,
    endTime: start + 2.5,
    duration: 2.5,
    attributes: { index },
    events: [],
    links: [],
    status: { code: SpanStatusCode.UNSET },
    resource: SPAN_RESOURCE,
    instrumentationScope: { name: '@foundation-telemetry/core' },
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
    ...overrides,
  }
}

const SPAN_RESOURCE = { 'service.name': 'test-service' }
