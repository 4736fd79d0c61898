import { createTelemetry, type TelemetryError } from '@foundation-telemetry/core'
import { describe, expect, it } from 'vitest'
import { collectOrReport } from './collectSnapshots.ts'
import { createExportRedaction } from './exportRedaction.ts'

describe('collectOrReport', () => {
  it('returns the redacted snapshots of the telemetry instance', () => {
    const t = createTelemetry({ env: {} })
    t.metrics.counter('orders').add(2, { user: 'ada@example.com', region: 'eu' })
    const snapshots = collectOrReport(
      { telemetry: t, redaction: createExportRedaction(t), exporter: 'statsd', label: 'StatsD' },
      { temporality: 'delta', reader: 'collect-test' },
    )
    const orders = snapshots?.find((metric) => metric.name === 'orders')
    expect(orders?.series[0]?.value).toBe(2)
    expect(orders?.series[0]?.tags.user).toBe('[REDACTED]')
    expect(orders?.series[0]?.tags.region).toBe('eu')
  })

  it('reports a failed collection as an export failure and returns undefined', () => {
    const errors: TelemetryError[] = []
    const telemetry = {
      metrics: {
        collect: () => {
          throw new Error('engine broke')
        },
      } as never,
      reportError: (error: unknown) => void errors.push(error as TelemetryError),
    }
    const snapshots = collectOrReport({
      telemetry,
      redaction: createExportRedaction({}),
      exporter: 'emf',
      label: 'EMF',
    })
    expect(snapshots).toBeUndefined()
    expect(errors.map((error) => [error.code, error.message, error.details?.exporter])).toEqual([
      ['export_failure', 'EMF metric collection failed', 'emf'],
    ])
  })

  it('never throws when the error hook itself throws', () => {
    const telemetry = {
      metrics: {
        collect: () => {
          throw new Error('engine broke')
        },
      } as never,
      reportError: () => {
        throw new Error('hook broke')
      },
    }
    expect(
      collectOrReport({ telemetry, redaction: createExportRedaction({}), exporter: 'emf', label: 'EMF' }),
    ).toBeUndefined()
  })
})
