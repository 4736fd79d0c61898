import { describe, expect, it } from 'vitest'
import { newInstance, stepInstance } from './alertState.ts'

const run = (steps: boolean[], forMs: number, keepMs: number, every = 30_000) => {
  const a = newInstance({ alertname: 'X' }, 'fp')
  return steps.map((holds, i) => {
    const t = stepInstance(a, holds, holds ? 1 : 0, i * every, forMs, keepMs)
    return `${t}:${a.state}`
  })
}

describe('the alert lifecycle', () => {
  it('fires at the first evaluation once the condition held for exactly `for`', () => {
    expect(run([true, true, true], 60_000, 0)).toEqual(['pending:pending', 'none:pending', 'firing:firing'])
  })

  it('fires at once with for 0', () => {
    expect(run([true], 0, 0)).toEqual(['firing:firing'])
  })

  it('drops a pending alert at its first miss, and starts over', () => {
    expect(run([true, false, true, true, true], 60_000, 0)).toEqual([
      'pending:pending',
      'dropped:inactive',
      'pending:pending',
      'none:pending',
      'firing:firing',
    ])
  })

  it('keeps firing for keepFiringFor after the first miss, then resolves', () => {
    // keepFiringFor 60 s from the first miss at 30 s: still firing at 30 s and 60 s, resolved at 90 s.
    expect(run([true, false, false, false], 0, 60_000)).toEqual([
      'firing:firing',
      'none:firing',
      'none:firing',
      'resolved:resolved',
    ])
  })

  it('resets the keep-firing clock when the condition returns', () => {
    expect(run([true, false, true, false, false, false], 0, 60_000)).toEqual([
      'firing:firing',
      'none:firing',
      'none:firing',
      'none:firing',
      'none:firing',
      'resolved:resolved',
    ])
  })

  it('starts a new pending episode after resolving', () => {
    expect(run([true, false, true], 30_000, 0)).toEqual([
      'pending:pending',
      'dropped:inactive',
      'pending:pending',
    ])
    expect(run([true, true, false, true], 30_000, 0)).toEqual([
      'pending:pending',
      'firing:firing',
      'resolved:resolved',
      'pending:pending',
    ])
  })
})
