import { describe, expect, it } from 'vitest'
import { telemetryHarness } from '../test/collectorHarness.ts'
import { AxOptimizationRuns } from './axOptimizationRuns.ts'

function setup() {
  const harness = telemetryHarness('ax-runs', ['dspex.optimization.*'])
  return { ...harness, runs: new AxOptimizationRuns(harness.t, { agent_id: 'a1' }) }
}

const stopOf = (events: ReturnType<typeof setup>['events'], name: string) =>
  events.filter((e) => e.event === `${name}.stop`)

describe('Ax optimization runs', () => {
  it('runs compile as a run span, active inside, ending with the scores and convergence of its result', async () => {
    const { t, runs, spans, events } = setup()
    let active: string | undefined
    const result = await runs.optimize(
      { program_id: 'qa', strategy: 'gepa', program_type: 'chain' },
      async () => {
        active = t.activeSpan()?.spanContext().spanId
        return { bestScore: 0.9, stats: { convergenceInfo: { converged: true } } }
      },
    )
    expect(result.bestScore).toBe(0.9)
    const run = spans.find((s) => s.name === 'optimize qa')
    expect(active).toBe(run?.spanContext.spanId)
    const [stop] = stopOf(events, 'dspex.optimization.run')
    expect(stop?.measurements).toMatchObject({ iterations: 0, final_score: 0.9 })
    expect(stop?.metadata).toMatchObject({
      agent_id: 'a1',
      optimization_id: 'ax-1',
      program_id: 'qa',
      strategy: 'gepa',
      program_type: 'chain',
      converged: true,
    })
  })

  it('records each round once, as an iteration under the run from the previous round to now', async () => {
    const { runs, spans, events, clock } = setup()
    await runs.optimize({ program_id: 'qa' }, async () => {
      clock.advance(100)
      runs.round(1, 0.5, 0.5)
      runs.round(1, 0.5, 0.5) // Ax reports a round through onProgress and the logger
      clock.advance(50)
      runs.round(undefined, 0.7, 0.7) // no number: the next round
      return undefined
    })
    const iterations = spans.filter((s) => s.name === 'dspex.optimization.iteration')
    const run = spans.find((s) => s.name === 'optimize qa')
    expect(iterations.map((s) => s.startTime - (run?.startTime ?? 0))).toEqual([0, 100])
    for (const it of iterations) expect(it.parentSpanId).toBe(run?.spanContext.spanId)
    const stops = stopOf(events, 'dspex.optimization.iteration')
    expect(stops.map((e) => [e.metadata.iteration, e.measurements.duration])).toEqual([
      [1, 100],
      [2, 50],
    ])
    expect(stopOf(events, 'dspex.optimization.run')[0]?.measurements).toMatchObject({
      iterations: 2,
      initial_score: 0.5,
      final_score: 0.7,
    })
  })

  it('reports rounds into the innermost run, and ignores them outside a run and after stop', async () => {
    const { runs, events } = setup()
    runs.round(1, 0.1, 0.1)
    await runs.optimize({ program_id: 'outer', optimization_id: 'o' }, async () => {
      await runs.optimize({ program_id: 'inner' }, async () => runs.round(1, 0.2, 0.2))
      runs.stop()
      runs.round(2, 0.3, 0.3)
    })
    expect(
      stopOf(events, 'dspex.optimization.iteration').map((e) => [
        e.metadata.program_id,
        e.metadata.iteration,
      ]),
    ).toEqual([['inner', 1]])
    expect(stopOf(events, 'dspex.optimization.run').map((e) => e.metadata.optimization_id)).toEqual([
      'ax-1',
      'o',
    ])
  })

  it("fails the run with compile's error and the rounds so far, and rethrows it", async () => {
    const { runs, spans, events } = setup()
    const failing = runs.optimize({ program_id: 'broken' }, async () => {
      runs.round(1, 0.4, 0.4)
      throw new TypeError('no examples')
    })
    await expect(failing).rejects.toThrow('no examples')
    expect(spans.find((s) => s.name === 'optimize broken')?.status.code).toBe(2)
    const [exception] = events.filter((e) => e.event === 'dspex.optimization.run.exception')
    expect(exception?.measurements.iterations).toBe(1)
    expect(exception?.metadata).toMatchObject({ error_type: 'TypeError', reason: 'no examples' })
    expect(runs.current()).toBeUndefined()
  })
})
