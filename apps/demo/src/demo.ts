/**
 * `startDemo`: one process wiring core, the metrics engine, the Foundation collector, the Prometheus
 * exporter and (when `OTEL_EXPORTER_OTLP_*ENDPOINT` is set) the OTLP exporter around the
 * simulated Foundation workload, served on one HTTP port.
 */
import type { AddressInfo } from 'node:net'
import type { Alerting } from '@foundation-telemetry/alerting'
import { type Clock, createTelemetry, type TelemetryInstance } from '@foundation-telemetry/core'
import { createOtlpExporter, type OtlpExporter } from '@foundation-telemetry/exporters/otlp'
import { createPrometheusExporter, type PrometheusExporter } from '@foundation-telemetry/exporters/prometheus'
import { attachFoundationCollector } from '@foundation-telemetry/foundation-collector'
import { alertViews, startDemoAlerting } from './alerting.ts'
import { createEventStream, type EventStream } from './live/eventStream.ts'
import { computeFrame } from './live/liveFrames.ts'
import { createNotificationFeed, type NotificationFeed } from './live/notificationFeed.ts'
import { dashboardPanels } from './live/panels.ts'
import { createTraceStore, type TraceStore } from './live/traceStore.ts'
import { startMlWorkload } from './mlWorkload.ts'
import { createRandom } from './random.ts'
import { attachRequestMetrics } from './requestMetrics.ts'
import { createDemoSampler, sampledEvents } from './sampling.ts'
import { createDemoServer } from './server.ts'
import { demoSummary } from './summary.ts'
import { startWorkload, type Workload, type WorkloadOptions } from './workload.ts'

/** Options for {@link startDemo}. */
export interface StartDemoOptions {
  /** HTTP port; `0` picks a free one. Defaults to 9464. */
  port?: number
  /** Defaults to `127.0.0.1`. */
  host?: string
  /**
   * Drives the workload's timers and every timestamp. Defaults to the system clock. With a manual
   * clock, keep advancing it while awaiting `startDemo`: the initial process registrations wait
   * on it too.
   */
  clock?: Clock
  /**
   * A telemetry instance to run on (for example with span processors already added). Defaults to
   * a new one for service `foundation-demo` on `clock`.
   */
  telemetry?: TelemetryInstance
  /** Environment for the OTLP exporter's `OTEL_*` variables. Defaults to `process.env`. */
  env?: Readonly<Record<string, string | undefined>>
  /** Workload shape (rate, seed, incidents). */
  workload?: WorkloadOptions
  /** Evaluate the alert rules and notify the demo itself. Defaults to `true`. */
  alerting?: boolean
  /** Collect runtime metrics (event loop, heap, GC). Defaults to `true`. */
  runtimeMetrics?: boolean
}

/** A running demo. */
export interface Demo {
  readonly telemetry: TelemetryInstance
  readonly workload: Workload
  readonly prometheus: PrometheusExporter
  /** Present when an OTLP endpoint was configured. */
  readonly otlp: OtlpExporter | undefined
  /** Recent traces with their log lines (`/api/traces`). */
  readonly traces: TraceStore
  /** Notifications received (`/api/alertmanager`, `/api/notifications`). */
  readonly notifications: NotificationFeed
  /** The alerting engine, once the server listens (undefined with `alerting: false`). */
  alerting(): Alerting | undefined
  /** The dashboard's event stream (`/api/stream`). */
  readonly stream: EventStream
  readonly port: number
  /** `http://127.0.0.1:PORT`. */
  readonly url: string
  /** Stop the workload, flush every exporter, close the server. Idempotent. */
  stop(): Promise<void>
}

function otlpConfigured(env: Readonly<Record<string, string | undefined>>): boolean {
  return [
    'OTEL_EXPORTER_OTLP_ENDPOINT',
    'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
    'OTEL_EXPORTER_OTLP_METRICS_ENDPOINT',
  ].some((name) => (env[name] ?? '') !== '')
}

/**
 * Start the demo.
 *
 * @example
 * const demo = await startDemo({ port: 0 })
 * console.log(`${demo.url}/metrics`)
 * await demo.stop()
 */
export async function startDemo(options: StartDemoOptions = {}): Promise<Demo> {
  const env = options.env ?? process.env
  const sampler = options.telemetry === undefined ? createDemoSampler() : undefined
  const t =
    options.telemetry ??
    createTelemetry({
      service: env.OTEL_SERVICE_NAME || 'foundation-demo',
      layer: 'foundation',
      ...(sampler === undefined ? {} : { eventSampler: sampler }),
      ...(options.clock === undefined ? {} : { clock: options.clock }),
    })
  const foundation = attachFoundationCollector(t)
  const detachRequests = attachRequestMetrics(t)
  const detachCollectors = () => {
    detachRequests()
    foundation.detach()
  }
  // An audit trail of sampled events: each kept one stands for `adjusted_count` events.
  const audited = t.metrics.counter('demo.audited_events', {
    unit: '{event}',
    description: 'Events estimated from the sampled audit trail (each kept event counts its adjusted count).',
  })
  t.attach('demo-sampled-audit', sampledEvents, (_e, m) => audited.add(m.adjusted_count ?? 1), {
    sampled: true,
  })
  const traces = createTraceStore()
  const removeSpans = t.addSpanProcessor(traces.spanProcessor)
  const removeLogs = t.addLogProcessor(traces.logProcessor)
  const notifications = createNotificationFeed({ clock: t.clock })
  const stopRuntime = options.runtimeMetrics === false ? () => {} : t.metrics.startRuntimeMetrics()
  const otlp = otlpConfigured(env) ? createOtlpExporter({ telemetry: t, env }) : undefined
  if (otlp !== undefined) t.addSpanProcessor(otlp.spanProcessor)
  const prometheus = createPrometheusExporter({ telemetry: t })
  const workload = await startWorkload(t, options.workload)
  const ml = startMlWorkload(t, createRandom((options.workload?.seed ?? 1) + 1))
  const startedAt = t.clock.now()
  let stopping = false

  let alerting: Alerting | undefined
  const alerts = () => alertViews(alerting)
  const stream = createEventStream({
    clock: t.clock,
    layout: () => ({ panels: dashboardPanels }),
    frame: () => computeFrame(t.metrics, dashboardPanels, t.clock.now()),
    extras: () => ({ alerts: alerts(), notifications: notifications.recent() }),
  })
  const server = createDemoServer({
    prometheus,
    summary: () => demoSummary(t, workload, startedAt),
    healthy: () => !stopping,
    stream,
    alerts,
    // Finished traces only (the root span ended): a trace in flight has no whole waterfall yet.
    traces: () =>
      traces.traces().filter((trace) => trace.spans.some((span) => span.parentSpanId === undefined)),
    notification: (body) => notifications.receive(body),
  })
  // Everything started above, stopped in order; shared by stop() and a failed listen.
  const release = async () => {
    stream.close()
    await alerting?.stop()
    await workload.stop()
    await ml.stop()
    stopRuntime()
    detachCollectors()
    t.detach('demo-sampled-audit')
    sampler?.close()
    // OTLP first: its final metric collection should see the finished workload.
    if (otlp !== undefined) await otlp.shutdown()
    await t.shutdown()
    removeSpans()
    removeLogs()
  }
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      const listen = { port: options.port ?? 9464, host: options.host ?? '127.0.0.1', exclusive: true }
      // Exclusive: under node:cluster each worker gets a port of its own, not the primary's shared one.
      server.listen(listen, () => {
        server.off('error', reject)
        resolve()
      })
    })
  } catch (error) {
    // The caller gets no Demo to stop: leave no workload, runtime or exporter timer behind.
    await release()
    throw error
  }
  const port = (server.address() as AddressInfo).port
  const host = options.host ?? '127.0.0.1'
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`
  // Notifications go to the demo itself: the dashboard lists them as they arrive.
  if (options.alerting !== false) alerting = startDemoAlerting(t, `${url}/api/notifications`)

  let stopped: Promise<void> | undefined
  return {
    telemetry: t,
    workload,
    prometheus,
    otlp,
    traces,
    notifications,
    stream,
    port,
    url,
    alerting: () => alerting,
    stop() {
      stopped ??= (async () => {
        stopping = true
        await release()
        await new Promise<void>((resolve) => {
          server.close(() => resolve())
          server.closeAllConnections()
        })
      })()
      return stopped
    },
  }
}
