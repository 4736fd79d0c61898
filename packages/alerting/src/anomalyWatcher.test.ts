import { describe, expect, it } from 'vitest'
import { createAlerting } from './alerting.ts'
import { createMadDetector } from './anomaly.ts'
import { ANOMALY_METRIC, createAnomalyWatcher } from './anomalyWatcher.ts'
import { manualTelemetry } from './testHelpers.ts'

describe('createAnomalyWatcher', () => {
  it('publishes a detector state that an ordinary rule alerts on', async () => {
    const { t, clock } = manualTelemetry()
    const latency = t.metrics.histogram('foundation_jido.task.duration', { windows: [60_000] })
    const watcher = createAnomalyWatcher({
      telemetry: t,
      metric: 'foundation_jido.task.duration',
      aggregate: 'avg',
      window: '1m',
      interval: '30s',
      detector: createMadDetector({ warmup: 10, triggerWindow: 3, triggerFraction: 0.6, recoveryWindow: 3 }),
    })
    const alerting = createAlerting({
      telemetry: t,
      interval: '30s',
      rules: [
        {
          name: 'TaskLatencyAnomaly',
          metric: ANOMALY_METRIC,
          tags: { metric: 'foundation_jido.task.duration' },
          aggregate: 'value',
          comparator: '==',
          threshold: 1,
          severity: 'warning',
        },
      ],
    })
    watcher.start()
    alerting.start()
    // Twenty intervals around 100 ms, then five around 400 ms.
    for (let i = 0; i < 25; i++) {
      const base = i < 20 ? 100 : 400
      for (let j = 0; j < 10; j++) latency.record(base + ((i * 7 + j * 3) % 11))
      clock.advance(30_000)
      if (i === 19) expect(alerting.alerts()).toEqual([]) // quiet before the shift
    }
    expect(alerting.alerts().map((a) => [a.name, a.state, a.labels.metric])).toEqual([
      ['TaskLatencyAnomaly', 'firing', 'foundation_jido.task.duration'],
    ])
    watcher.stop()
    await alerting.stop()
  })

  it('feeds nothing while the metric has no data', () => {
    const { t } = manualTelemetry()
    const watcher = createAnomalyWatcher({ telemetry: t, metric: 'not.recorded' })
    expect(watcher.check()).toBeUndefined()
  })
})
