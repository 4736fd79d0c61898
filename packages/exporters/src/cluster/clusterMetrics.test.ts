import { EventEmitter } from 'node:events'
import { createManualClock, createTelemetry, type TelemetryInstance } from '@foundation-telemetry/core'
import { flushMicrotasks } from '@foundation-telemetry/testing'
import { describe, expect, it } from 'vitest'
import { createPrometheusExporter } from '../prometheus.ts'
import { createClusterCollector, type IpcEndpoint, serveClusterMetrics } from './clusterMetrics.ts'

/** Both ends of an IPC channel, delivering through JSON as Node's default IPC serialization does. */
function channel(): { primary: IpcEndpoint; worker: IpcEndpoint } {
  const toWorker = new EventEmitter()
  const toPrimary = new EventEmitter()
  const deliver = (emitter: EventEmitter, message: unknown) =>
    queueMicrotask(() => emitter.emit('message', JSON.parse(JSON.stringify(message))))
  return {
    primary: {
      send: (message) => deliver(toWorker, message),
      on: (_e, l) => toPrimary.on('message', l),
      off: (_e, l) => toPrimary.off('message', l),
    },
    worker: {
      send: (message) => deliver(toPrimary, message),
      on: (_e, l) => toWorker.on('message', l),
      off: (_e, l) => toWorker.off('message', l),
    },
  }
}

function worker(slot: string, requests: number) {
  const t = createTelemetry({ service: 'api' })
  t.metrics.counter('http.requests').add(requests, { route: '/a' })
  t.metrics.histogram('http.latency', { unit: 'ms', buckets: [10, 100] }).record(requests, { route: '/a' })
  const ends = channel()
  const stop = serveClusterMetrics(t, { worker: slot, channel: ends.worker })
  return { t, endpoint: ends.primary, stop }
}

function counterValue(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`))
  return Number(line?.slice(line.lastIndexOf(' ') + 1))
}

describe('cluster metrics over IPC', () => {
  it('the primary serves one exposition with the workers counters summed and histograms merged', async () => {
    const primaryTelemetry: TelemetryInstance = createTelemetry({ service: 'api' })
    const workers = [worker('1', 3), worker('2', 50)]
    const collector = createClusterCollector({
      telemetry: primaryTelemetry,
      workers: () => workers.map((w) => w.endpoint),
    })
    await collector.refresh()
    const text = await createPrometheusExporter({ telemetry: collector.telemetry }).serialize('text')
    expect(counterValue(text, 'http_requests_total')).toBe(53)
    expect(counterValue(text, 'http_latency_seconds_count')).toBe(2)
    expect(text).toContain('http_latency_seconds_bucket{route="/a",le="0.01"} 1')
    expect(text).toContain('http_latency_seconds_bucket{route="/a",le="0.1"} 2')
  })

  it('a worker that does not answer is waited for only until the timeout, and keeps its last reply', async () => {
    const clock = createManualClock()
    const primaryTelemetry = createTelemetry({ clock })
    const a = worker('1', 5)
    const silent = channel().primary
    const collector = createClusterCollector({
      telemetry: primaryTelemetry,
      workers: () => [a.endpoint, silent],
      timeout: 500,
    })
    const pending = collector.refresh()
    // Let the answering worker reply, then pass the timeout for the silent one.
    await flushMicrotasks()
    clock.advance(500)
    await pending
    a.stop()
    const again = collector.refresh()
    clock.advance(500)
    await again
    const total = collector.telemetry.metrics.collect().find((m) => m.name === 'http.requests')
    expect(total?.series[0]?.value).toBe(5)
  })

  it('a worker replaced in its slot never makes the cluster total go down', async () => {
    const primaryTelemetry = createTelemetry()
    let workers = [worker('1', 10), worker('2', 1)]
    const collector = createClusterCollector({
      telemetry: primaryTelemetry,
      workers: () => workers.map((w) => w.endpoint),
    })
    await collector.refresh()
    workers = [worker('1', 2), workers[1]!] // slot 1 restarted and counted 2 so far
    await collector.refresh()
    const total = collector.telemetry.metrics.collect().find((m) => m.name === 'http.requests')
    expect(total?.series[0]?.value).toBe(13)
  })
})
