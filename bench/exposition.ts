/**
 * The Prometheus exposition the `prometheus.*` and `cluster.*` cases write: the {@link REQUESTS}
 * counter with the 10 000 two-tag series of {@link series10k} (series k counted k + 1), recorded the
 * same way on both sides, and the check that a text exposition holds every series.
 */
import type { Telemetry } from '@foundation-telemetry/core'
import type { Registry } from 'prom-client'
import type { Problem } from './caseSpec.ts'
import { REQUESTS, series10k } from './fixtures.ts'
import { importFunction } from './ours.ts'
import { promRequests } from './prom.ts'

/** Series per exposition. */
export const SERIES = 10_000

/** Records the series into our {@link REQUESTS} counter of `metrics`. */
export function ourRequests10k(metrics: Telemetry['metrics']): void {
  const counter = metrics.counter(REQUESTS.name, {
    description: REQUESTS.description,
    cardinalityLimit: 2 * SERIES,
  })
  for (const [k, tags] of series10k().entries()) counter.add(k + 1, tags)
}

/** Records the series into prom-client's {@link REQUESTS} counter, registered in `registry`. */
export function promRequests10k(registry: Registry): void {
  const counter = promRequests([registry])
  for (const [k, tags] of series10k().entries()) counter.inc(tags, k + 1)
}

type CreatePrometheusExporter =
  typeof import('@foundation-telemetry/exporters/prometheus').createPrometheusExporter
type PrometheusTelemetry = import('@foundation-telemetry/exporters/prometheus').PrometheusTelemetry

/**
 * Our Prometheus exporter over `telemetry` (an instance, or a stand-in with its fields): `run` writes
 * one text exposition, `last` is the latest text.
 */
export async function ourExposition(
  telemetry: PrometheusTelemetry,
): Promise<{ run: () => unknown; last: () => string }> {
  const createPrometheusExporter = await importFunction<CreatePrometheusExporter>(
    '@foundation-telemetry/exporters/prometheus',
    'createPrometheusExporter',
  )
  const exporter = createPrometheusExporter({ telemetry })
  let last = ''
  return {
    run: () => (last = exporter.serialize('text')),
    last: () => last,
  }
}

/**
 * Checks a text exposition: one sample of {@link REQUESTS} per series and, when `firstValue` is given,
 * that value on the first series.
 */
export function expectSamples(what: string, text: string, firstValue?: number): Problem {
  const prefix = REQUESTS.promName
  let samples = 0
  let first: string | undefined
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${prefix}{`)) continue
    samples++
    first ??= line
  }
  if (samples !== SERIES) return `${what}: ${samples} samples of ${prefix}, expected ${SERIES}`
  if (firstValue === undefined) return undefined
  const value = Number(first?.slice(first.lastIndexOf(' ') + 1))
  return value === firstValue ? undefined : `${what}: first series is ${value}, expected ${firstValue}`
}
