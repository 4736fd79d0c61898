import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { trappingObject } from '../../../tooling/testing/hostile.ts'
import { attachmentMatches, patternPrefix, readAttachment } from './attachment.ts'
import type { TelemetryError } from './errors.ts'

const handler = () => {}
const free = () => false

function read(id: unknown, events: unknown, fn: unknown = handler, taken = free) {
  const errors: TelemetryError[] = []
  const a = readAttachment(id, events, fn, undefined, undefined, taken, (e) => errors.push(e))
  return { a, errors }
}

describe('readAttachment', () => {
  it('reads names and patterns in the order given', () => {
    const { a, errors } = read('h', ['app.done', 'app.job.*', '*'])
    expect(errors).toEqual([])
    expect(a?.events).toEqual(['app.done', 'app.job.*', '*'])
    expect([...(a?.exact ?? [])]).toEqual(['app.done'])
    expect(a?.prefixes).toEqual(['app.job.', ''])
    expect(a).toMatchObject({ id: 'h', durable: false, sampled: false, failures: 0 })
  })

  it('skips and reports bad entries but keeps the good ones', () => {
    const { a, errors } = read('h', ['ok', '', 'a*b', 7])
    expect(a?.events).toEqual(['ok'])
    expect(errors.map((e) => e.details.event_name)).toEqual(['', 'a*b', 7])
  })

  it('attaches nothing, reported once, when the events list or options cannot be read', () => {
    const revoked = Proxy.revocable([], {})
    revoked.revoke()
    const errors: TelemetryError[] = []
    const report = (e: TelemetryError) => errors.push(e)
    expect(read('h', revoked.proxy).a).toBeUndefined()
    expect(read('h', trappingObject).a).toBeUndefined()
    expect(readAttachment('h', 'e', handler, undefined, trappingObject, free, report)).toBeUndefined()
    expect(
      readAttachment(Symbol('h'), revoked.proxy, handler, undefined, undefined, free, report),
    ).toBeUndefined()
    expect(errors.map((e) => e.message)).toEqual([
      'handler h: arguments could not be read; nothing attached',
      'handler id must be a non-empty string',
    ])
  })

  it('attaches nothing, reported once, for a bad id, handler, event list or a taken id', () => {
    for (const [id, events, fn, taken] of [
      ['', 'e', handler, free],
      ['h', 'e', 'not a function', free],
      ['h', [], handler, free],
      ['h', 'e', handler, () => true],
    ] as const) {
      const { a, errors } = read(id, events, fn, taken)
      expect(a).toBeUndefined()
      expect(errors).toHaveLength(1)
      expect(errors[0]?.details.api).toBe('attach')
    }
  })

  it('opts in to sampled delivery through the options or, without options, the config', () => {
    const report = () => {}
    expect(readAttachment('h', 'e', handler, undefined, { sampled: true }, free, report)?.sampled).toBe(true)
    expect(readAttachment('h', 'e', handler, { sampled: true }, undefined, free, report)?.sampled).toBe(true)
    expect(readAttachment('h', 'e', handler, { sampled: true }, {}, free, report)?.sampled).toBe(false)
  })
})

describe('attachmentMatches', () => {
  it('matches an exact name, or a name under a pattern prefix, and nothing else', () => {
    const { a } = read('h', ['app.done', 'job.*'])
    expect(attachmentMatches(a!, 'app.done')).toBe(true)
    expect(attachmentMatches(a!, 'job.start')).toBe(true)
    expect(attachmentMatches(a!, 'job')).toBe(false)
    expect(attachmentMatches(a!, 'app.done.extra')).toBe(false)
  })

  it('a pattern matches exactly the names that start with its prefix', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{1,4}(\.[a-z]{1,4}){0,2}$/), fc.string(), (base, rest) => {
        const { a } = read('h', `${base}.*`)
        expect(attachmentMatches(a!, `${base}.${rest}`)).toBe(true)
        expect(attachmentMatches(a!, base)).toBe(false)
      }),
    )
  })
})

describe('patternPrefix', () => {
  it("accepts '*' and a final '.*' segment only", () => {
    expect(patternPrefix('*')).toBe('')
    expect(patternPrefix('a.b.*')).toBe('a.b.')
    expect(patternPrefix('.*')).toBeUndefined()
    expect(patternPrefix('a.*.b')).toBeUndefined()
    expect(patternPrefix('a*')).toBeUndefined()
  })
})
