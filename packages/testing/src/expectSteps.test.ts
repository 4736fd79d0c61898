import { describe, expect, it } from 'vitest'
import { expectNoHandlers, rejectionOf, setup } from '../test/support.ts'
import { expectSteps } from './expectSteps.ts'

describe('expectSteps', () => {
  it('rejects a bad telemetry, step list or action with a TypeError naming the helper', async () => {
    const { t } = setup()
    const act = () => {}
    const badTelemetry = await rejectionOf(
      expectSteps('myHelper', {} as never, ['a.b'], 'any', act, undefined),
    )
    expect(badTelemetry).toBeInstanceOf(TypeError)
    expect(badTelemetry.message).toMatch(/^myHelper: the first argument must be a telemetry instance/)
    expect((await rejectionOf(expectSteps('myHelper', t, [], 'any', act, undefined))).message).toBe(
      'myHelper: expected a non-empty list of events.',
    )
    expect(
      (await rejectionOf(expectSteps('myHelper', t, ['a.b'], 'any', 1 as never, undefined))).message,
    ).toBe('myHelper: the action must be a function.')
    expectNoHandlers(t)
  })

  it('takes names and [name, match] steps, in order for sequence and the first match for any', async () => {
    const { t } = setup()
    const steps = ['job.start', ['job.stop', { metadata: { id: 2 } }]] as const
    const emit = () => {
      t.execute('job.stop', {}, { id: 1 })
      t.execute('job.start', {}, { id: 2 })
      t.execute('job.stop', {}, { id: 2 })
    }
    const sequence = await expectSteps('h', t, steps, 'sequence', emit, undefined)
    expect(sequence.map((e) => [e.event, e.metadata.id, e.index])).toEqual([
      ['job.start', 2, 0],
      ['job.stop', 2, 1],
    ])
    const any = await expectSteps('h', t, [steps[1], steps[0]], 'any', emit, undefined)
    expect(any.map((e) => [e.event, e.metadata.id, e.index])).toEqual([['job.start', 2, 1]])
    expectNoHandlers(t)
  })
})
