import { createManualClock, createTelemetry, systemClock } from '@foundation-telemetry/core'
import { describe, expect, it } from 'vitest'
import { resolveExporterContext } from './exporterContext.ts'
import { resolveHttpExporterContext } from './httpExporterContext.ts'

describe('resolveExporterContext', () => {
  it('takes the clock from the options, else the telemetry, else the system clock', () => {
    const own = createManualClock()
    const telemetryClock = createManualClock()
    const t = createTelemetry({ env: {}, clock: telemetryClock })
    expect(resolveExporterContext({ telemetry: t, clock: own }, 'statsd').clock).toBe(own)
    expect(resolveExporterContext({ telemetry: t }, 'statsd').clock).toBe(telemetryClock)
    expect(resolveExporterContext({}, 'statsd').clock).toBe(systemClock)
  })

  it('reads the given environment and names its health after the exporter', () => {
    const context = resolveExporterContext({ env: { DD_AGENT_HOST: 'agent' } }, 'statsd')
    expect(context.env.DD_AGENT_HOST).toBe('agent')
    expect(context.health.exporter).toBe('statsd')
  })

  it('redacts by default and passes data through when told not to', () => {
    const t = createTelemetry({ env: {} })
    expect(
      resolveExporterContext({ telemetry: t }, 'jsonl').redaction.value('mail a@example.com'),
    ).not.toContain('a@example.com')
    expect(resolveExporterContext({ telemetry: t }, 'jsonl', false).redaction.value('a@example.com')).toBe(
      'a@example.com',
    )
  })
})

describe('resolveHttpExporterContext', () => {
  it('adds the retry policy to the shared settings', () => {
    const t = createTelemetry({ env: {} })
    const context = resolveHttpExporterContext({ telemetry: t, env: {}, retry: { maxAttempts: 2 } }, 'otlp')
    expect(context.policy.maxAttempts).toBe(2)
    expect(context.health.exporter).toBe('otlp')
  })
})
