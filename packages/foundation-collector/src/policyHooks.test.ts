import { describe, expect, it } from 'vitest'
import { type Execute, PolicyHooks } from './policyHooks.ts'

/** A cockatiel-style event: `fire` calls every listener, `count` says how many are subscribed. */
function event<T>() {
  const listeners = new Set<(data: T) => void>()
  const subscribe = (listener: (data: T) => void) => {
    listeners.add(listener)
    return { dispose: () => listeners.delete(listener) }
  }
  return Object.assign(subscribe, {
    fire: (data: T) => {
      for (const listener of listeners) listener(data)
    },
    count: () => listeners.size,
  })
}

class Policy {
  async execute(fn: (context: { attempt?: number }) => unknown) {
    return fn({})
  }
}

describe('PolicyHooks', () => {
  it('subscribes to events only, and a throwing listener never reaches the event source', () => {
    const hooks = new PolicyHooks()
    const onSuccess = event<number>()
    const seen: number[] = []
    hooks.listen<number>(onSuccess, (n) => {
      seen.push(n)
      throw new Error('ours broke')
    })
    hooks.listen('not an event', () => seen.push(-1))
    expect(() => onSuccess.fire(7)).not.toThrow()
    expect(seen).toEqual([7])
  })

  it('replaces execute with a wrapper of the original until disposed', async () => {
    const hooks = new PolicyHooks()
    const policy = new Policy()
    hooks.replaceExecute(
      policy,
      (original: Execute) =>
        async function (this: unknown, fn, signal) {
          return `wrapped ${await original.call(this, fn, signal)}`
        },
    )
    expect(await policy.execute(() => 'call')).toBe('wrapped call')
    hooks.dispose()
    expect(await policy.execute(() => 'call')).toBe('call')
    expect(Object.hasOwn(policy, 'execute')).toBe(false)
  })

  it('disposes every subscription once, however often disposed', () => {
    const hooks = new PolicyHooks()
    const a = event<void>()
    const b = event<void>()
    hooks.listen(a, () => {})
    hooks.listen(b, () => {})
    expect([a.count(), b.count()]).toEqual([1, 1])
    hooks.dispose()
    hooks.dispose()
    expect([a.count(), b.count()]).toEqual([0, 0])
  })
})
