import { describe, expect, it } from 'vitest'
import { type AgentLookup, createAgentSocket } from './agentSocket.ts'

/** A lookup the test answers by hand, recording what it was asked. */
function manualLookup() {
  const asked: string[] = []
  let answer: (value: { address: string; family: number }) => void = () => {}
  let fail: (error: unknown) => void = () => {}
  const lookup: AgentLookup = (hostname) => {
    asked.push(hostname)
    return new Promise((resolve, reject) => {
      answer = resolve
      fail = reject
    })
  }
  return {
    lookup,
    asked,
    answer: (address: string) => answer({ address, family: 0 }),
    fail: (e: unknown) => fail(e),
  }
}

function agentFor(host: string, lookup: AgentLookup) {
  const lookupErrors: unknown[] = []
  const agent = createAgentSocket({
    host,
    lookup,
    onSocketError: () => {},
    onLookupError: (error) => lookupErrors.push(error),
  })
  return { agent, lookupErrors }
}

describe('agent socket', () => {
  it('opens an IP literal at once, with the family of the literal, and never looks it up', async () => {
    const dns = manualLookup()
    for (const [host, family] of [
      ['127.0.0.1', 4],
      ['::1', 6],
    ] as const) {
      const { agent } = agentFor(host, dns.lookup)
      expect(agent.address).toBe(host)
      expect(agent.socket).toBeDefined()
      expect(agent.family).toBe(family)
      await expect(agent.resolve()).resolves.toBe(true)
      agent.close()
    }
    expect(dns.asked).toEqual([])
  })

  it('concurrent resolves share one lookup; the family follows the answered address', async () => {
    const dns = manualLookup()
    const { agent } = agentFor('statsd.agent.test', dns.lookup)
    expect(agent.socket).toBeUndefined()
    const first = agent.resolve()
    const second = agent.resolve()
    // The answer's `family` field says 0: the address itself decides.
    dns.answer('::1')
    await expect(Promise.all([first, second])).resolves.toEqual([true, true])
    expect(dns.asked).toEqual(['statsd.agent.test'])
    expect(agent.socket).toBeDefined()
    expect(agent.family).toBe(6)
    expect(agent.address).toBe('::1')
    agent.close()
  })

  it('reports a failed or non-IP answer, and tries again on the next resolve', async () => {
    const dns = manualLookup()
    const { agent, lookupErrors } = agentFor('statsd.agent.test', dns.lookup)
    const failed = agent.resolve()
    dns.fail(new Error('ENOTFOUND'))
    await expect(failed).resolves.toBe(false)
    const garbled = agent.resolve()
    dns.answer('not-an-address')
    await expect(garbled).resolves.toBe(false)
    expect(lookupErrors.map((error) => (error as Error).message)).toEqual([
      'ENOTFOUND',
      'lookup answered not-an-address, not an IP address',
    ])
    expect(dns.asked).toHaveLength(2)
    expect(agent.socket).toBeUndefined()
  })

  it('a lookup answering after close opens no socket', async () => {
    const dns = manualLookup()
    const { agent } = agentFor('statsd.agent.test', dns.lookup)
    const pending = agent.resolve()
    agent.close()
    dns.answer('127.0.0.1')
    await expect(pending).resolves.toBe(false)
    expect(agent.socket).toBeUndefined()
  })
})
