import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { TelemetryError } from './errors.ts'
import { createTelemetry } from './telemetry.ts'
import type { Measurements, Metadata, Telemetry } from './types.ts'

type Call = [id: string, event: string, measurements: Measurements, metadata: Metadata]

function setup(enrich = false) {
  const errors: TelemetryError[] = []
  const t = createTelemetry({ enrich, onError: (e) => errors.push(e), env: {}, service: 'svc' })
  const calls: Call[] = []
  const record = (id: string) => (event: string, measurements: Measurements, metadata: Metadata) =>
    calls.push([id, event, measurements, metadata])
  return { t, calls, errors, record }
}

/** Emit once through `t.execute` and once through the handle; both must reach the same calls. */
function both(t: Telemetry, calls: Call[], name: string, measurements?: Measurements, metadata?: Metadata) {
  calls.length = 0
  t.execute(name, measurements, metadata)
  const viaString = calls.splice(0)
  t.event(name).execute(measurements, metadata)
  const viaHandle = calls.splice(0)
  return { viaString, viaHandle }
}

describe('t.event(name)', () => {
  it('reaches handlers attached before and after the handle was made, in attach order', () => {
    const { t, calls, record } = setup()
    const handle = t.event('app.job.done')
    t.attach('early', 'app.job.done', record('early'))
    handle.execute({ count: 1 }, { job: 'a' })
    t.attach('pattern', 'app.job.*', record('pattern'))
    t.attach('late', ['app.job.done'], record('late'))
    handle.execute({ count: 2 }, { job: 'b' })
    expect(calls).toEqual([
      ['early', 'app.job.done', { count: 1 }, { job: 'a' }],
      ['early', 'app.job.done', { count: 2 }, { job: 'b' }],
      ['pattern', 'app.job.done', { count: 2 }, { job: 'b' }],
      ['late', 'app.job.done', { count: 2 }, { job: 'b' }],
    ])
    expect(handle.name).toBe('app.job.done')
  })

  it('stays exact past the 4096 names whose handles are kept: later handles look up per call', () => {
    const { t, calls, record } = setup()
    const handles = Array.from({ length: 4100 }, (_, i) => t.event(`app.load.n${i}`))
    const last = handles[4099]!
    expect(t.event('app.load.n4099')).not.toBe(last)
    expect(t.event('app.load.n0')).toBe(handles[0])
    last.execute({ count: 1 })
    t.attach('late', 'app.load.*', record('late'))
    expect(last.hasHandlers()).toBe(true)
    last.execute({ count: 2 })
    handles[0]!.execute({ count: 3 })
    t.detach('late')
    last.execute({ count: 4 })
    handles[0]!.execute({ count: 5 })
    expect(calls.map((c) => [c[1], c[2].count])).toEqual([
      ['app.load.n4099', 2],
      ['app.load.n0', 3],
    ])
    expect(last.hasHandlers()).toBe(false)
  })

  it('sees a handler attached by a handler during dispatch from the next execute on', () => {
    const { t, calls, record } = setup()
    const handle = t.event('app.job.done')
    t.attach('first', 'app.job.done', (event, measurements, metadata) => {
      record('first')(event, measurements, metadata)
      if (t.listHandlers('app.job.done').length === 1) t.attach('second', 'app.job.done', record('second'))
    })
    handle.execute({ count: 1 })
    handle.execute({ count: 2 })
    expect(calls.map((c) => [c[0], c[2].count])).toEqual([
      ['first', 1],
      ['first', 2],
      ['second', 2],
    ])
  })

  it('with one handler and no enrichment, calls it directly yet keeps every rule of execute', () => {
    const { t, calls, errors, record } = setup()
    const handle = t.event('app.job.done')
    const measurements = { count: 1 }
    const metadata = { job: 'a' }
    t.attach('only', 'app.job.done', record('only'))
    handle.execute(measurements, metadata)
    // The same objects reach the handler: nothing is copied on the direct path.
    expect(calls[0]?.[2]).toBe(measurements)
    expect(calls[0]?.[3]).toBe(metadata)
    // Arguments that are not objects still go through repair and reporting.
    handle.execute('bad' as never, undefined)
    expect(calls[1]?.slice(2)).toEqual([{}, {}])
    expect(errors.map((e) => e.code)).toEqual(['invalid_input'])
    // A second handler ends the direct path; detaching it brings it back.
    t.attach('second', 'app.job.*', record('second'))
    handle.execute({ count: 2 })
    t.detach('second')
    handle.execute({ count: 3 })
    expect(calls.slice(2).map((c) => [c[0], c[2].count])).toEqual([
      ['only', 2],
      ['second', 2],
      ['only', 3],
    ])
    // A throwing handler on the direct path is reported and detached like anywhere else.
    t.detach('only')
    t.attach('broken', 'app.job.done', () => {
      throw new Error('boom')
    })
    handle.execute({ count: 4 })
    handle.execute({ count: 5 })
    expect(errors.map((e) => e.code)).toEqual(['invalid_input', 'handler_failure'])
    expect(t.listHandlers()).toEqual([])
  })

  it('with enrichment on, a single handler still gets enriched metadata', () => {
    const { t, calls, record } = setup(true)
    const handle = t.event('app.job.done')
    t.attach('only', 'app.job.done', record('only'))
    const metadata = { job: 'a' }
    handle.execute({ count: 1 }, metadata)
    expect(calls[0]?.[3]).not.toBe(metadata)
    expect(calls[0]?.[3]).toMatchObject({ job: 'a', service: 'svc' })
  })

  it('stops delivering after detach, by id or by the returned function', () => {
    const { t, calls, record } = setup()
    const handle = t.event('app.job.done')
    const off = t.attach('a', 'app.job.done', record('a'))
    t.attach('b', 'app.*', record('b'))
    expect(handle.hasHandlers()).toBe(true)
    off()
    handle.execute()
    t.detach('b')
    handle.execute()
    expect(calls.map((c) => c[0])).toEqual(['b'])
    expect(handle.hasHandlers()).toBe(false)
  })

  it('detaches a throwing handler and reports it, like execute', () => {
    const { t, calls, errors, record } = setup()
    const failures: Metadata[] = []
    t.attach('failures', 'telemetry.handler.failure', (_e, _m, md) => failures.push(md))
    t.attach('bad', 'app.job.done', () => {
      throw new Error('boom')
    })
    t.attach('good', 'app.job.done', record('good'))
    const handle = t.event('app.job.done')
    handle.execute()
    handle.execute()
    expect(calls.map((c) => c[0])).toEqual(['good', 'good'])
    expect(errors.map((e) => e.code)).toEqual(['handler_failure'])
    expect(failures).toMatchObject([{ handler_id: 'bad', event_name: 'app.job.done' }])
    expect(t.listHandlers('app').map((h) => h.id)).toEqual(['good'])
  })

  it('enriches metadata and reports bad measurements exactly as execute does', () => {
    const { t, calls, errors, record } = setup(true)
    t.attach('h', 'app.job.done', record('h'))
    const span = t.startSpan('outer')
    const { viaString, viaHandle } = t.withContext(span, () =>
      both(t, calls, 'app.job.done', 3 as unknown as Measurements, { service: 'mine' }),
    )
    expect(viaHandle).toEqual(viaString)
    expect(viaHandle[0]?.[3]).toMatchObject({
      service: 'mine',
      trace_id: span.spanContext().traceId,
      span_id: span.spanContext().spanId,
    })
    expect(errors.map((e) => e.message)).toEqual([
      'app.job.done: measurements must be an object',
      'app.job.done: measurements must be an object',
    ])
  })

  it('returns one handle per name', () => {
    const { t } = setup()
    expect(t.event('app.a')).toBe(t.event('app.a'))
    expect(t.event('app.a')).not.toBe(t.event('app.b'))
  })

  it('an invalid name reports once, then does nothing', () => {
    const { t, calls, errors, record } = setup()
    t.attach('all', '*', record('all'))
    const handle = t.event('' as string)
    handle.execute({ count: 1 })
    handle.execute({ count: 2 })
    expect(handle.hasHandlers()).toBe(false)
    expect(errors.map((e) => [e.code, e.details.api])).toEqual([['invalid_input', 'event']])
    expect(calls.filter((c) => !c[1].startsWith('telemetry.'))).toEqual([])
    const notString = t.event(42 as unknown as string)
    notString.execute()
    expect(errors).toHaveLength(2)
  })

  it('delivers what execute delivers under any sequence of attach, detach and emit', () => {
    const names = ['a.x', 'a.y', 'b.x']
    const patterns = ['a.x', 'a.y', 'b.x', 'a.*', 'b.*', '*']
    const op = fc.oneof(
      fc.record({ kind: fc.constant('attach'), id: fc.nat(4), pattern: fc.constantFrom(...patterns) }),
      fc.record({ kind: fc.constant('detach'), id: fc.nat(4) }),
      fc.record({ kind: fc.constant('emit'), name: fc.constantFrom(...names) }),
    )
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const { t, calls, record } = setup()
        const handles = names.map((name) => t.event(name))
        for (const o of ops) {
          if (o.kind === 'attach') t.attach(`h${o.id}`, o.pattern, record(`h${o.id}`))
          else if (o.kind === 'detach') t.detach(`h${o.id}`)
          else {
            const { viaString, viaHandle } = both(t, calls, o.name, { n: 1 })
            expect(viaHandle).toEqual(viaString)
            expect(handles[names.indexOf(o.name)]?.hasHandlers()).toBe(viaString.length > 0)
          }
        }
      }),
    )
  })

  it('t.execute by name matches a model of attach and detach, emitting one name repeatedly or rotating', () => {
    const names = ['a.x', 'a.y', 'b.x']
    const patterns = ['a.x', 'a.y', 'b.x', 'a.*', 'b.*', '*']
    const matches = (pattern: string, name: string) =>
      pattern === '*' || pattern === name || (pattern.endsWith('.*') && name.startsWith(pattern.slice(0, -1)))
    const op = fc.oneof(
      fc.record({ kind: fc.constant('attach'), id: fc.nat(4), pattern: fc.constantFrom(...patterns) }),
      fc.record({ kind: fc.constant('detach'), id: fc.nat(4) }),
      fc.record({
        kind: fc.constant('emit'),
        name: fc.constantFrom(...names),
        times: fc.integer({ min: 1, max: 3 }),
      }),
    )
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const { t, calls, record } = setup()
        const model: Array<{ id: string; pattern: string }> = []
        for (const o of ops) {
          if (o.kind === 'attach') {
            const id = `h${o.id}`
            t.attach(id, o.pattern, record(id))
            if (!model.some((m) => m.id === id)) model.push({ id, pattern: o.pattern })
          } else if (o.kind === 'detach') {
            t.detach(`h${o.id}`)
            const at = model.findIndex((m) => m.id === `h${o.id}`)
            if (at >= 0) model.splice(at, 1)
          } else {
            const expected = model.filter((m) => matches(m.pattern, o.name)).map((m) => m.id)
            for (let k = 0; k < o.times; k++) {
              calls.length = 0
              t.execute(o.name, { n: k })
              expect(calls.map((c) => c[0])).toEqual(expected)
              expect(t.hasHandlers(o.name)).toBe(expected.length > 0)
            }
          }
        }
      }),
    )
  })

  it('t.execute reports an invalid name on every call, and never remembers it', () => {
    const { t, errors, calls, record } = setup()
    t.attach('h', 'ok', record('h'))
    t.execute('' as string)
    t.execute('' as string)
    t.execute(42 as unknown as string)
    t.execute('ok')
    expect(errors.map((e) => e.details.event_name)).toEqual(['', '', 42])
    expect(calls.map((c) => c[1])).toEqual(['ok'])
  })

  it('t.execute never converts a non-string name: one that reads as an attached name is reported, not dispatched', () => {
    const { t, errors, calls, record } = setup()
    t.attach('h', 'ok', record('h'))
    t.execute('ok')
    const aliasing = { toString: () => 'ok' }
    const throwing = {
      toString: () => {
        throw new Error('toString')
      },
    }
    for (const name of [aliasing, throwing, Symbol('ok')]) {
      expect(() => t.execute(name as unknown as string)).not.toThrow()
      expect(t.hasHandlers(name as unknown as string)).toBe(false)
    }
    expect(calls.map((c) => c[1])).toEqual(['ok'])
    expect(errors).toHaveLength(6)
  })

  it('names that are Object.prototype keys or numbers are ordinary names', () => {
    const { t, calls, record } = setup()
    const names = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', '0', '42']
    for (const name of names) t.attach(`h${name}`, name, record(name))
    for (const name of [...names, 'valueOf']) t.execute(name)
    expect(calls.map((c) => c[1])).toEqual(names)
    expect(t.hasHandlers('valueOf')).toBe(false)
  })

  it('t.execute of any name reaches its handlers before any other name was emitted', () => {
    for (const name of ['\u0000', 'a']) {
      const { t, calls, record } = setup()
      t.attach('h', name, record('h'))
      t.execute(name, { count: 1 })
      expect(calls.map((c) => c[1])).toEqual([name])
    }
  })
})
