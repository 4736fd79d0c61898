import { describe, expect, it } from 'vitest'
import type { TelemetryError } from './errors.ts'
import { createTelemetry } from './telemetry.ts'
import type { Measurements, Metadata } from './types.ts'

type Call = { id: string; event: string; measurements: Measurements; metadata: Metadata; config: unknown }

function setup() {
  const errors: TelemetryError[] = []
  const t = createTelemetry({ enrich: false, onError: (e) => errors.push(e), env: {} })
  const calls: Call[] = []
  const record =
    (id: string) => (event: string, measurements: Measurements, metadata: Metadata, config: unknown) =>
      calls.push({ id, event, measurements, metadata, config })
  return { t, calls, errors, record }
}

describe('execute and attach', () => {
  it('dispatches synchronously, in attach order, with the config', () => {
    const { t, calls, record } = setup()
    t.attach('b', 'app.done', record('b'), { n: 2 })
    t.attach('a', 'app.done', record('a'), { n: 1 })
    t.execute('app.done', { count: 3 }, { who: 'x' })
    expect(calls.map((c) => [c.id, c.config])).toEqual([
      ['b', { n: 2 }],
      ['a', { n: 1 }],
    ])
    expect(calls[0]).toMatchObject({ event: 'app.done', measurements: { count: 3 }, metadata: { who: 'x' } })
  })

  it('matches exact names only', () => {
    const { t, calls, record } = setup()
    t.attach('h', 'app.done', record('h'))
    t.execute('app.done.extra', {}, {})
    t.execute('app', {}, {})
    t.execute('app.don', {}, {})
    expect(calls).toHaveLength(0)
  })

  it('attaches one handler to a list of names', () => {
    const { t, calls, record } = setup()
    t.attach('h', ['a.one', 'a.two'], record('h'))
    t.execute('a.one')
    t.execute('a.two')
    t.execute('a.three')
    expect(calls.map((c) => c.event)).toEqual(['a.one', 'a.two'])
  })

  it('resolves prefix patterns for names first emitted after attach', () => {
    const { t, calls, record } = setup()
    const change = { name: 'payments', from: 'closed', to: 'open' } as const
    t.execute('foundation.circuit_breaker.state_change', {}, change)
    t.attach('cb', 'foundation.circuit_breaker.*', record('cb'))
    t.execute('foundation.circuit_breaker.state_change', {}, change)
    // A name no code emitted before the handler was attached.
    t.execute('foundation.circuit_breaker.custom_probe', {}, {})
    t.execute('foundation.circuit_breakers.other', {}, {})
    t.execute('foundation.circuit_breaker', {}, {})
    expect(calls.map((c) => c.event)).toEqual([
      'foundation.circuit_breaker.state_change',
      'foundation.circuit_breaker.custom_probe',
    ])
  })

  it('keeps attach order across exact and pattern handlers, and a `*` handler sees everything', () => {
    const { t, calls, record } = setup()
    t.attach('exact', 'x.y', record('exact'))
    t.attach('all', '*', record('all'))
    t.attach('prefix', 'x.*', record('prefix'))
    t.execute('x.y')
    t.execute('z')
    expect(calls.map((c) => `${c.id}:${c.event}`)).toEqual(['exact:x.y', 'all:x.y', 'prefix:x.y', 'all:z'])
  })

  it('a handler attached to a name and a matching pattern runs once per event', () => {
    const { t, calls, record } = setup()
    t.attach('h', ['x.y', 'x.*'], record('h'))
    t.execute('x.y')
    expect(calls).toHaveLength(1)
  })

  it('detach stops delivery, by id or by the returned function', () => {
    const { t, calls, record } = setup()
    const off = t.attach('a', 'e', record('a'))
    t.attach('b', 'e', record('b'))
    expect(t.detach('b')).toBe(true)
    expect(t.detach('b')).toBe(false)
    t.execute('e')
    off()
    t.execute('e')
    expect(calls.map((c) => c.id)).toEqual(['a'])
    expect(t.hasHandlers('e')).toBe(false)
  })

  it('a stale detach function does not remove a later handler with the same id', () => {
    const { t, calls, record } = setup()
    const off = t.attach('a', 'e', record('first'))
    off()
    t.attach('a', 'e', record('second'))
    off()
    t.execute('e')
    expect(calls.map((c) => c.id)).toEqual(['second'])
  })

  it('listHandlers filters by prefix and reports every attached name', () => {
    const { t, record } = setup()
    t.attach('a', ['foundation.x', 'dspex.*'], record('a'), 'cfg')
    t.attach('b', 'foundation.y', record('b'), undefined, { durable: true })
    expect(t.listHandlers().map((h) => `${h.id}:${h.eventName}`)).toEqual([
      'a:foundation.x',
      'a:dspex.*',
      'b:foundation.y',
    ])
    const foundation = t.listHandlers('foundation.')
    expect(foundation.map((h) => h.id)).toEqual(['a', 'b'])
    expect(foundation[0]).toMatchObject({ config: 'cfg', durable: false, failures: 0 })
    expect(foundation[1]?.durable).toBe(true)
  })

  it('hasHandlers reflects exact and pattern handlers', () => {
    const { t, record } = setup()
    expect(t.hasHandlers('a.b')).toBe(false)
    t.attach('p', 'a.*', record('p'))
    expect(t.hasHandlers('a.b')).toBe(true)
    expect(t.hasHandlers('b.a')).toBe(false)
  })

  it('dispatches on a snapshot: a handler attached during dispatch sees only later events', () => {
    const { t, calls, record } = setup()
    let attached = false
    t.attach('first', 'e', () => {
      if (attached) return
      attached = true
      t.attach('second', 'e', record('second'))
    })
    t.execute('e')
    expect(calls).toHaveLength(0)
    t.execute('e')
    expect(calls.map((c) => c.id)).toEqual(['second'])
  })
})

describe('handler failures', () => {
  it('detaches a throwing handler, emits telemetry.handler.failure, and still runs the others', () => {
    const { t, calls, errors, record } = setup()
    const boom = new Error('boom')
    t.attach('bad', 'e', () => {
      throw boom
    })
    t.attach('good', 'e', record('good'))
    t.attach('watch', 'telemetry.handler.failure', record('watch'))
    expect(() => t.execute('e', {}, {})).not.toThrow()
    t.execute('e', {}, {})
    expect(calls.filter((c) => c.id === 'good')).toHaveLength(2)
    const failures = calls.filter((c) => c.id === 'watch')
    expect(failures).toHaveLength(1)
    expect(failures[0]?.metadata).toMatchObject({
      handler_id: 'bad',
      event_name: 'e',
      error: boom,
      durable: false,
    })
    expect(t.listHandlers().map((h) => h.id)).not.toContain('bad')
    expect(errors.map((e) => e.code)).toEqual(['handler_failure'])
    expect(t.stats().handler_failure).toBe(1)
  })

  it('keeps a durable handler attached and counts each failure', () => {
    const { t, calls, record } = setup()
    t.attach(
      'flaky',
      'e',
      () => {
        throw new Error('again')
      },
      undefined,
      { durable: true },
    )
    t.attach('watch', 'telemetry.handler.failure', record('watch'))
    t.execute('e')
    t.execute('e')
    t.execute('e')
    expect(t.listHandlers('e')[0]).toMatchObject({ id: 'flaky', failures: 3 })
    expect(calls).toHaveLength(3)
    expect(calls[0]?.metadata).toMatchObject({ handler_id: 'flaky', durable: true })
    expect(t.stats().handler_failure).toBe(3)
  })

  it('a failure handler that itself throws does not loop', () => {
    const { t } = setup()
    let runs = 0
    t.attach(
      'loop',
      'telemetry.*',
      () => {
        runs++
        throw new Error('in the failure handler')
      },
      undefined,
      { durable: true },
    )
    t.attach('bad', 'e', () => {
      throw new Error('first')
    })
    t.execute('e')
    expect(runs).toBe(1)
    expect(t.stats().handler_failure).toBe(2)
  })

  it('reports and detaches an async handler that rejects, instead of an unhandled rejection', async () => {
    let reported: (error: TelemetryError) => void = () => {}
    const failure = new Promise<TelemetryError>((resolve) => {
      reported = resolve
    })
    const t = createTelemetry({ enrich: false, onError: (e) => reported(e), env: {} })
    t.attach('async', 'e', async () => {
      throw new Error('later')
    })
    expect(() => t.execute('e')).not.toThrow()
    const error = await failure
    expect(error.code).toBe('handler_failure')
    expect(error.details).toMatchObject({ handler_id: 'async', event_name: 'e' })
    expect(t.listHandlers()).toEqual([])
  })

  it('swallows an onError hook that throws', () => {
    const t = createTelemetry({
      env: {},
      onError: () => {
        throw new Error('hook')
      },
    })
    t.attach('bad', 'e', () => {
      throw new Error('x')
    })
    expect(() => t.execute('e')).not.toThrow()
    expect(t.stats().handler_failure).toBe(1)
  })
})

describe('bad input never throws and is reported once', () => {
  const bad: Array<[string, (t: ReturnType<typeof createTelemetry>) => void, string]> = [
    ['a non-string event name', (t) => t.execute(42 as unknown as string), 'invalid_input'],
    ['an empty event name', (t) => t.execute(''), 'invalid_input'],
    [
      'measurements that are not an object',
      (t) => t.execute('e', 5 as unknown as Measurements),
      'invalid_input',
    ],
    [
      'metadata that is not an object',
      (t) => t.execute('e', {}, 'x' as unknown as Metadata),
      'invalid_input',
    ],
    ['a handler that is not a function', (t) => t.attach('h2', 'e', 'nope' as never), 'invalid_input'],
    ['an empty id', (t) => t.attach('', 'e', () => {}), 'invalid_input'],
    ['no event names', (t) => t.attach('h3', [], () => {}), 'invalid_input'],
    ['a misplaced wildcard', (t) => t.attach('h4', 'a.*.b', () => {}), 'invalid_input'],
    ['a duplicate id', (t) => t.attach('h', 'other', () => {}), 'invalid_input'],
  ]
  for (const [what, act, code] of bad) {
    it(what, () => {
      const { t, errors, calls, record } = setup()
      t.attach('h', 'e', record('h'))
      t.attach('watch', 'telemetry.input.invalid', record('watch'))
      expect(() => act(t)).not.toThrow()
      expect(errors.map((e) => e.code)).toEqual([code])
      expect(t.stats()[code]).toBe(1)
      expect(calls.filter((c) => c.id === 'watch')).toHaveLength(1)
    })
  }

  it('a duplicate id keeps the old handler', () => {
    const { t, calls, record } = setup()
    t.attach('h', 'e', record('old'))
    const off = t.attach('h', 'e', record('new'))
    off()
    t.execute('e')
    expect(calls.map((c) => c.id)).toEqual(['old'])
  })

  it('with no handler, execute does no validation work at all', () => {
    const { t, errors } = setup()
    t.execute('nobody.listens', 5 as unknown as Measurements, 'x' as unknown as Metadata)
    expect(errors).toHaveLength(0)
  })

  it('bounds the name cache without losing handlers', () => {
    const { t, calls, record } = setup()
    t.attach('p', 'dyn.*', record('p'))
    for (let i = 0; i < 5000; i++) t.execute(`dyn.${i}`)
    expect(calls).toHaveLength(5000)
  })
})
