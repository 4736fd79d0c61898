import { createTelemetry, type TelemetryError } from '@foundation-telemetry/core'
import { describe, expect, it } from 'vitest'
import { collectOrReport, snapshotCollector } from './collectSnapshots.ts'
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

describe('snapshotCollector', () => {
  const statsdSource = (telemetry: Parameters<typeof snapshotCollector>[0]['telemetry']) => ({
    telemetry,
    redaction: createExportRedaction({}),
    exporter: 'statsd',
    label: 'StatsD',
  })

  it('collects with the bound options on every call', () => {
    const t = createTelemetry({ env: {} })
    const orders = t.metrics.counter('orders')
    const collect = snapshotCollector(statsdSource(t), { temporality: 'delta', reader: 'collector-test' })
    orders.add(2)
    expect(collect().find((metric) => metric.name === 'orders')?.series[0]?.value).toBe(2)
    orders.add(3)
    expect(collect().find((metric) => metric.name === 'orders')?.series[0]?.value).toBe(3)
  })

  it('gives no snapshots without a telemetry instance', () => {
    const collect = snapshotCollector(statsdSource(undefined))
    expect(collect()).toEqual([])
  })

  it('gives no snapshots when collecting fails, and reports it', () => {
    const errors: TelemetryError[] = []
    // A metrics engine that cannot even be reached: the getter throws.
    const telemetry = {
      get metrics(): never {
        throw new Error('engine unreachable')
      },
      reportError: (error: unknown) => void errors.push(error as TelemetryError),
    }
    const collect = snapshotCollector(statsdSource(telemetry))
    expect(collect()).toEqual([])
    expect(errors.map((error) => error.message)).toEqual(['StatsD metric collection failed'])
  })
})
