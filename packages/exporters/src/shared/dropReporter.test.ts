import type { TelemetryError } from '@foundation-telemetry/core'
import { describe, expect, it } from 'vitest'
import { createDropReporter } from './dropReporter.ts'
import { createExporterHealth } from './exporterHealth.ts'

describe('createDropReporter', () => {
  it('counts every drop but reports only the first of each episode', () => {
    const errors: TelemetryError[] = []
    const health = createExporterHealth(undefined, 'statsd')
    const drops = createDropReporter(
      { reportError: (error) => void errors.push(error as TelemetryError) },
      health,
      'statsd',
      'StatsD lines',
    )
    drops.dropped(2, 'lines', 'queue_full')
    drops.dropped(3, 'lines', 'oversized')
    expect(health.totals().dropped).toBe(5)
    expect(errors.map((error) => error.message)).toEqual(['StatsD lines dropped (queue_full)'])
    expect(errors[0]?.details).toEqual({ exporter: 'statsd', reason: 'queue_full', count: 2 })
    drops.newEpisode()
    drops.dropped(1, 'lines', 'shutdown')
    expect(errors.map((error) => error.message)).toEqual([
      'StatsD lines dropped (queue_full)',
      'StatsD lines dropped (shutdown)',
    ])
  })
})
