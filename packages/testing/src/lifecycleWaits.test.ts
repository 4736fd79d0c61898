import type { Telemetry } from '@foundation-telemetry/core'
import { describe, expect, it } from 'vitest'
import { expectNoHandlers, rejectionOf, setup } from '../test/support.ts'
import { waitForAgentRegistration, waitForCoordinationCompletion } from './agentWaits.ts'
import { describedAs } from './format.ts'
import { waitForConnectionPoolReady, waitForHealthImprovement } from './foundationWaits.ts'
import { subjectWait } from './lifecycleEvents.ts'
import { waitForProcessRestart, waitForServiceHealth, waitForServiceReady } from './serviceWaits.ts'
import { waitForResourceCleanup } from './waitForResourceCleanup.ts'

describe('service waits', () => {
  it('waitForServiceReady takes the taxonomy name and seed 003 started, for the named service only', async () => {
    const { t } = setup()
    const ready = waitForServiceReady(t, 'db')
    t.execute('foundation.service.ready', { duration: 3 }, { service: 'cache' })
    t.execute('foundation.service.ready', { duration: 5 }, { service: 'db' })
    await expect(ready).resolves.toMatchObject({
      event: 'foundation.service.ready',
      measurements: { duration: 5 },
    })
    const started = waitForServiceReady(t, 'queue')
    t.execute('foundation.service.started', {}, { service: 'queue' })
    await expect(started).resolves.toMatchObject({ event: 'foundation.service.started' })
    expectNoHandlers(t)
  })

  it('waitForServiceHealth needs both the service and the status (check or change)', async () => {
    const { t } = setup()
    const degraded = waitForServiceHealth(t, 'payments', 'degraded')
    t.execute('foundation.service.health_check', {}, { service: 'payments', status: 'healthy' })
    t.execute('foundation.service.health_check', {}, { service: 'search', status: 'degraded' })
    t.execute(
      'foundation.service.health_change',
      {},
      { service: 'payments', from: 'healthy', to: 'degraded' },
    )
    await expect(degraded).resolves.toMatchObject({ event: 'foundation.service.health_change' })
    expectNoHandlers(t)
  })

  it('waitForProcessRestart times out with a message describing the subject', async () => {
    const { t, clock } = setup()
    const restarted = waitForProcessRestart(t, 'connection_manager', { timeout: 5000 })
    t.execute('foundation.service.restarted', {}, { service: 'other', restart_count: 1 })
    clock.advance(5000)
    const error = await rejectionOf(restarted)
    expect(error.message).toContain(
      'foundation.service.restarted, foundation_jido.agent.restarted, foundation.process.restarted\n  matching metadata predicate service|agent_id|process|process_name|service_name|name = "connection_manager"',
    )
    expect(error.message).toContain('Closest: #1 foundation.service.restarted')
    expect(error.message).toMatch(
      /metadata\s+expected predicate service\|.*, received \{ service: "other", restart_count: 1 \}/,
    )
    expectNoHandlers(t)
  })
})

describe('agent and coordination waits', () => {
  it('waitForAgentRegistration ignores failed registrations', async () => {
    const { t } = setup()
    const registered = waitForAgentRegistration(t, 'agent_1')
    const stop = { duration: 4, monotonic_time: 10 }
    t.execute('foundation_jido.agent.registration.stop', stop, { agent_id: 'agent_1', success: false })
    t.execute('foundation_jido.agent.registration.stop', stop, { agent_id: 'agent_2' })
    t.execute(
      'foundation_jido.agent.registration.stop',
      { ...stop, startup_duration: 4 },
      { agent_id: 'agent_1' },
    )
    await expect(registered).resolves.toMatchObject({ measurements: { startup_duration: 4 } })
    expectNoHandlers(t)
  })

  it('waitForAgentRegistration works with span events from core', async () => {
    const { t } = setup()
    const registered = waitForAgentRegistration(t, 'agent_9')
    t.span('foundation_jido.agent.registration', { agent_id: 'agent_9' }, () => 'ok')
    await expect(registered).resolves.toMatchObject({ event: 'foundation_jido.agent.registration.stop' })
    expectNoHandlers(t)
  })

  it('waitForCoordinationCompletion matches sessions, auctions and multi-agent runs by id', async () => {
    const { t } = setup()
    const session = waitForCoordinationCompletion(t, 's-1')
    const auction = waitForCoordinationCompletion(t, 'a-1')
    const run = waitForCoordinationCompletion(t, 'r-1')
    t.execute('foundation_jido.coordination.session.complete', {}, { session_id: 's-1', success: true })
    t.execute(
      'foundation_jido.coordination.auction.stop',
      { duration: 1, monotonic_time: 1 },
      { auction_id: 'a-1', resource_type: 'gpu' },
    )
    t.execute('dspex.coordination.multi_agent.complete', {}, { coordination_id: 'r-1' })
    await expect(session).resolves.toMatchObject({ metadata: { success: true } })
    await expect(auction).resolves.toMatchObject({ event: 'foundation_jido.coordination.auction.stop' })
    await expect(run).resolves.toMatchObject({ event: 'dspex.coordination.multi_agent.complete' })
    expectNoHandlers(t)
  })

  it('waitForCoordinationCompletion resolves when the coordination throws (a span exception)', async () => {
    const { t } = setup()
    const session = waitForCoordinationCompletion(t, 's-2')
    const auction = waitForCoordinationCompletion(t, 'a-2')
    const run = waitForCoordinationCompletion(t, 'r-2')
    const failed = waitForCoordinationCompletion(t, 's-3')
    const end = { duration: 2, monotonic_time: 2 }
    t.execute('foundation_jido.coordination.session.exception', end, {
      session_id: 's-2',
      kind: 'Error',
      reason: 'boom',
    })
    t.execute('foundation_jido.coordination.auction.exception', end, {
      auction_id: 'a-2',
      resource_type: 'gpu',
      kind: 'Error',
      reason: 'no bids',
    })
    t.execute('dspex.coordination.multi_agent.exception', end, {
      coordination_id: 'r-2',
      kind: 'Error',
      reason: 'x',
    })
    t.execute('foundation.mabeam.coordination.failed', {}, { session_id: 's-3', error: 'timeout' })
    await expect(session).resolves.toMatchObject({
      event: 'foundation_jido.coordination.session.exception',
      metadata: { reason: 'boom' },
    })
    await expect(auction).resolves.toMatchObject({ event: 'foundation_jido.coordination.auction.exception' })
    await expect(run).resolves.toMatchObject({ event: 'dspex.coordination.multi_agent.exception' })
    await expect(failed).resolves.toMatchObject({ event: 'foundation.mabeam.coordination.failed' })
    expectNoHandlers(t)
  })
})

describe('waitForResourceCleanup', () => {
  it('waits for the next cleanup cycle, or for a release naming the resource', async () => {
    const { t, clock } = setup()
    const cycle = { duration: 1, expired_tokens: 1, active_tokens: 0 }
    clock.setInterval(() => t.execute('foundation.resource_manager.cleanup', cycle, {}), 1000)
    const cleaned = waitForResourceCleanup(t)
    clock.advance(1000)
    await expect(cleaned).resolves.toMatchObject({ event: 'foundation.resource_manager.cleanup' })

    const released = waitForResourceCleanup(t, 'tok-7', { events: ['foundation.resource_manager.released'] })
    t.execute('foundation.resource_manager.released', {}, { resource_type: 'db', token_id: 'tok-6' })
    t.execute('foundation.resource_manager.released', {}, { resource_type: 'db', token_id: 'tok-7' })
    await expect(released).resolves.toMatchObject({ metadata: { token_id: 'tok-7' } })
    expectNoHandlers(t)
  })
})

describe('every lifecycle wait', () => {
  const cases = [
    ['waitForServiceReady', (t: Telemetry) => waitForServiceReady(t, 'db'), 'foundation.service.ready'],
    [
      'waitForServiceHealth',
      (t: Telemetry) => waitForServiceHealth(t, 'db', 'healthy'),
      'foundation.service.health_check',
    ],
    [
      'waitForProcessRestart',
      (t: Telemetry) => waitForProcessRestart(t, 'db'),
      'foundation.service.restarted',
    ],
    [
      'waitForAgentRegistration',
      (t: Telemetry) => waitForAgentRegistration(t, 'a1'),
      'foundation_jido.agent.registration.complete',
    ],
    [
      'waitForCoordinationCompletion',
      (t: Telemetry) => waitForCoordinationCompletion(t, 's1'),
      'foundation_jido.coordination.session.complete',
    ],
    [
      'waitForResourceCleanup',
      (t: Telemetry) => waitForResourceCleanup(t, 'r1'),
      'foundation.resource_manager.released',
    ],
  ] as const

  it.each(cases)('%s times out naming its events and detaches', async (name, wait, firstEvent) => {
    const { t, clock } = setup()
    const pending = wait(t)
    expect(t.listHandlers()).toHaveLength(1)
    clock.advance(1000)
    const error = await rejectionOf(pending)
    expect(error.message).toContain(
      `${name}: none of these telemetry events was emitted within 1000 ms:\n  ${firstEvent}`,
    )
    expectNoHandlers(t)
  })
})

describe('foundation waits', () => {
  it('waitForConnectionPoolReady resolves on the named pool being created or reporting health', async () => {
    const { t } = setup()
    const ready = waitForConnectionPoolReady(t, 'postgres')
    t.execute('foundation.connection_pool.created', { size: 4 }, { pool_id: 'redis' })
    t.execute('foundation.connection_pool.created', { size: 10 }, { pool_id: 'postgres' })
    await expect(ready).resolves.toMatchObject({ measurements: { size: 10 } })
    const healthy = waitForConnectionPoolReady(t, 'redis')
    t.execute('foundation.connection_pool.health', { active: 0, idle: 4 }, { pool_id: 'redis' })
    await expect(healthy).resolves.toMatchObject({ event: 'foundation.connection_pool.health' })
    expectNoHandlers(t)
  })

  it('waitForHealthImprovement ignores worse and equal reports and resolves on the first better one', async () => {
    const { t } = setup()
    const improved = waitForHealthImprovement(t, 'payments')
    t.execute('foundation.service.health_check', {}, { service: 'payments', status: 'degraded' })
    t.execute('foundation.service.health_check', {}, { service: 'payments', status: 'unhealthy' })
    t.execute('foundation.service.health_check', {}, { service: 'search', status: 'healthy' })
    t.execute('foundation.service.health_check', {}, { service: 'payments', status: 'unhealthy' })
    t.execute('foundation.service.health_check', {}, { service: 'payments', status: 'degraded' })
    await expect(improved).resolves.toMatchObject({ metadata: { service: 'payments', status: 'degraded' } })

    const change = waitForHealthImprovement(t, 'payments')
    t.execute(
      'foundation.service.health_change',
      {},
      { service: 'payments', from: 'healthy', to: 'degraded' },
    )
    t.execute(
      'foundation.service.health_change',
      {},
      { service: 'payments', from: 'degraded', to: 'healthy' },
    )
    await expect(change).resolves.toMatchObject({ metadata: { to: 'healthy' } })

    const breaker = waitForHealthImprovement(t, 'inventory', { from: 'open' })
    t.execute(
      'foundation.circuit_breaker.health_check',
      {},
      { name: 'inventory', healthy: false, state: 'open' },
    )
    t.execute(
      'foundation.circuit_breaker.state_change',
      {},
      { name: 'inventory', from: 'open', to: 'half_open' },
    )
    await expect(breaker).resolves.toMatchObject({ metadata: { to: 'half_open' } })
    expectNoHandlers(t)
  })

  it('waitForHealthImprovement times out naming the subject', async () => {
    const { t, clock } = setup()
    const never = waitForHealthImprovement(t, 'payments', { timeout: 1000 })
    const failure = rejectionOf(never)
    t.execute('foundation.service.health_check', {}, { service: 'payments', status: 'healthy' })
    clock.advance(1000)
    expect((await failure).message).toContain('payments')
    expectNoHandlers(t)
  })
})

describe('subjectWait', () => {
  const wait = { events: ['demo.widget.ready'], keys: ['widget', 'name'] }
  const isBlue = describedAs(
    (metadata: Record<string, unknown>) => metadata.color === 'blue',
    () => 'color is blue',
  )

  it('resolves on the first of its events naming the subject under any key and passing `also`', async () => {
    const { t } = setup()
    const ready = subjectWait('waitForWidget', wait, isBlue)(t, 'w1')
    t.execute('demo.widget.ready', { n: 1 }, { widget: 'w2', color: 'blue' })
    t.execute('demo.widget.ready', { n: 2 }, { widget: 'w1', color: 'red' })
    t.execute('demo.widget.ready', { n: 3 }, { name: 'w1', color: 'blue' })
    await expect(ready).resolves.toMatchObject({ measurements: { n: 3 } })
    expectNoHandlers(t)
  })

  it('names the helper and both conditions when it times out, and takes an `events` override', async () => {
    const { t, clock } = setup()
    const overridden = subjectWait('waitForWidget', wait)(t, 'w1', { events: ['demo.widget.started'] })
    t.execute('demo.widget.started', {}, { widget: 'w1' })
    await expect(overridden).resolves.toMatchObject({ event: 'demo.widget.started' })
    const ready = subjectWait('waitForWidget', wait, isBlue)(t, 'w1', { timeout: 100 })
    clock.advance(100)
    const error = await rejectionOf(ready)
    expect(error.message).toContain('waitForWidget')
    expect(error.message).toContain('widget|name = "w1" and color is blue')
    expectNoHandlers(t)
  })
})
