import { createManualClock } from '@foundation-telemetry/core'
import { describe, expect, it } from 'vitest'
import type { ExporterHealth } from './exporterHealth.ts'
import { lineSinkReporting } from './lineSinkReporting.ts'

function setup() {
  const counted: Array<[string, number]> = []
  const health = {
    exporter: 'test',
    exported: (n: number) => counted.push(['exported', n]),
    failed: (n: number) => counted.push(['failed', n]),
    queueDepth: (n: number) => counted.push(['depth', n]),
  } as unknown as ExporterHealth
  const dropped: Array<[number, string]> = []
  const failures: unknown[] = []
  const reporting = lineSinkReporting({
    health,
    clock: createManualClock(),
    dropped: (lines, reason) => dropped.push([lines, reason]),
    failed: (error) => failures.push(error),
  })
  return { reporting, counted, dropped, failures }
}

describe('lineSinkReporting', () => {
  it('counts every line written, failed and queued, and passes drops on', () => {
    const { reporting, counted, dropped } = setup()
    reporting.onWritten(3)
    reporting.onDepth?.(2)
    reporting.onError(new Error('EPIPE'))
    reporting.onDrop(4, 'queue_full')
    expect(counted).toEqual([
      ['exported', 3],
      ['depth', 2],
      ['failed', 1],
    ])
    expect(dropped).toEqual([[4, 'queue_full']])
  })

  it('reports an output failure once per outage: a successful write ends the outage', () => {
    const { reporting, counted, failures } = setup()
    const first = new Error('stalled')
    reporting.onError(first)
    reporting.onError(new Error('stalled again'))
    reporting.onWritten(1)
    const later = new Error('broken')
    reporting.onError(later)
    expect(failures).toEqual([first, later])
    expect(counted.filter(([kind]) => kind === 'failed')).toHaveLength(3)
  })
})
