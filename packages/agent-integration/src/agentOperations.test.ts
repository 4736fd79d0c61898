import { createTelemetry, type TelemetryError } from '@foundation-telemetry/core'
import { captureTelemetry } from '@foundation-telemetry/testing'
import { describe, expect, it } from 'vitest'
import { recordSpans } from '../test/spans.ts'
import { dispatchSignal, openAuction, openSession, runTask, startTask } from './agentOperations.ts'
import { OpenHandles } from './openHandles.ts'

function setup() {
  const errors: TelemetryError[] = []
  const t = createTelemetry({ service: 'agents', onError: (e) => errors.push(e) })
  const registry = new OpenHandles(t, { maxOpen: 100, maxAge: 60_000 })
  return { t, errors, registry }
}

describe('agent operations', () => {
  it('dispatchSignal runs fn in the dispatch span and reports a signal without a type or an adapter', async () => {
    const { t, errors } = setup()
    const spans = recordSpans(t)
    const events = await captureTelemetry(t, 'foundation_jido.signal.dispatch.stop', () => {
      expect(dispatchSignal(t, { type: 'ping', adapter: 'http', agentId: 'a1' }, () => 'sent')).toBe('sent')
      expect(dispatchSignal(t, { type: 'ping' } as never, () => 'still sent')).toBe('still sent')
    })
    expect(events.map((e) => e.metadata)).toMatchObject([
      { signal_type: 'ping', adapter: 'http', agent_id: 'a1' },
      { signal_type: 'ping' },
    ])
    expect(events[1]?.metadata).not.toHaveProperty('adapter')
    expect(spans).toHaveLength(2)
    expect(errors.map((e) => e.message)).toEqual([
      'foundation_jido.signal.dispatch: a signal needs a type and an adapter',
    ])
  })

  it('gives handles without an id a generated one named after their kind, and tracks them in the registry', () => {
    const { t, registry } = setup()
    const auction = openAuction(t, registry, { resourceType: 'gpu' })
    const session = openSession(t, registry)
    const task = startTask(t, registry, { id: 7 as never, type: 'x', agentId: 'w' })
    expect(auction.id).toMatch(/^auction-[0-9a-f]{16}$/)
    expect(session.id).toMatch(/^session-[0-9a-f]{16}$/)
    expect(task.id).toBe('7')
    expect(registry.size).toBe(3)
    task.complete()
    expect(registry.size).toBe(2)
  })

  it('opens an auction or a task with missing fields, and reports what is missing', async () => {
    const { t, registry, errors } = setup()
    const events = await captureTelemetry(
      t,
      ['foundation_jido.coordination.auction.start', 'foundation_jido.task.started'],
      () => {
        openAuction(t, registry, { id: 'a1', participantCount: Number.NaN } as never)
        startTask(t, registry, { id: 't1', type: 'x', agentId: '' })
      },
    )
    expect(events.map((e) => e.metadata)).toMatchObject([
      { auction_id: 'a1' },
      { task_id: 't1', task_type: 'x', agent_id: '' },
    ])
    expect(events[0]?.metadata).not.toHaveProperty('participant_count')
    expect(errors.map((e) => e.details.event_name)).toEqual([
      'foundation_jido.coordination.auction.start',
      'foundation_jido.task.started',
    ])
  })

  it("a session's agents are copied when it opens", async () => {
    const { t, registry } = setup()
    const agents = ['p', 'c']
    const events = await captureTelemetry(t, 'foundation_jido.coordination.session.start', () => {
      openSession(t, registry, { id: 's1', type: 'consensus', agents })
      agents.push('late')
    })
    expect(events[0]?.metadata).toMatchObject({
      session_id: 's1',
      coordination_type: 'consensus',
      agents: ['p', 'c'],
    })
  })

  it('runTask completes on a value, fails and rethrows on a throw, and follows a thenable that is not a promise', async () => {
    const { t, registry } = setup()
    // biome-ignore lint/suspicious/noThenProperty: a thenable that is not a promise is the subject
    const thenable = { then: (resolve: (value: string) => void) => resolve('later') }
    const events = await captureTelemetry(t, 'foundation_jido.task.*', async () => {
      expect(runTask(t, registry, { id: 'ok', type: 'x', agentId: 'w' }, () => 1)).toBe(1)
      expect(() =>
        runTask(t, registry, { id: 'bad', type: 'x', agentId: 'w' }, () => {
          throw new Error('refused')
        }),
      ).toThrow('refused')
      await expect(
        runTask(t, registry, { id: 'foreign', type: 'x', agentId: 'w' }, () => thenable),
      ).resolves.toBe('later')
    })
    expect(
      events.filter((e) => !e.event.endsWith('.started')).map((e) => [e.event, e.metadata.task_id]),
    ).toEqual([
      ['foundation_jido.task.completed', 'ok'],
      ['foundation_jido.task.failed', 'bad'],
      ['foundation_jido.task.completed', 'foreign'],
    ])
    expect(registry.size).toBe(0)
  })

  it('runTask takes a result whose then getter throws as a plain value: the task completes, nothing is thrown', () => {
    const { t, registry } = setup()
    const hostile = new Proxy(
      {},
      {
        get(_, key) {
          if (key === 'then') throw new Error('trap')
          return undefined
        },
      },
    )
    expect(runTask(t, registry, { id: 'odd', type: 'x', agentId: 'w' }, () => hostile)).toBe(hostile)
    expect(registry.size).toBe(0)
  })
})
