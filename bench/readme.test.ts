import { describe, expect, it } from 'vitest'
import type { CaseSpec } from './caseSpec.ts'
import { CASE_INDEX, exportNameOf } from './cases.ts'
import { casesTable, replaceGenerated, resultsTable } from './readme.ts'
import { type ResultRow, validateRows, verdict } from './results.ts'

const spec = (id: string, goal: CaseSpec['goal'], peer: string | null = 'peer lib'): CaseSpec => ({
  id,
  unit: 'ns',
  goal,
  peer,
  description: `what ${id} | runs`,
  ours: async () => ({ kind: 'unavailable', note: 'test' }),
})

const row = (id: string, ours: number | null, peerValue: number | null): ResultRow => ({
  case: id,
  unit: 'ns',
  ours,
  peer: 'peer lib',
  peer_value: peerValue,
  ratio: ours !== null && peerValue !== null ? ours / peerValue : null,
})

describe('the README generator', () => {
  it('replaces only the text between a block’s markers and keeps the prose around it', () => {
    const readme = 'intro\n<!-- generated:results -->\nold\n<!-- /generated:results -->\noutro\n'
    expect(replaceGenerated(readme, 'results', 'new')).toBe(
      'intro\n<!-- generated:results -->\nnew\n<!-- /generated:results -->\noutro\n',
    )
    expect(() => replaceGenerated(readme, 'cases', 'x')).toThrow(/no <!-- generated:cases -->/)
  })

  it('lists every case with its goal, escaping pipes in descriptions', () => {
    const table = casesTable([
      spec('a.b', { kind: 'ratio', max: 0.5 }),
      spec('c.d', { kind: 'none', max: 0 }, null),
    ])
    expect(table.split('\n')).toEqual([
      '| case | goal | ours | peer |',
      '|---|---|---|---|',
      '| `a.b` | ratio <= 0.5 | what a.b \\| runs | peer lib |',
      '| `c.d` | none (extra) | what c.d \\| runs | - |',
    ])
  })

  it('gives every case a verdict from the recorded rows, and a pending note to a case without one', () => {
    const specs = [
      spec('fast', { kind: 'ratio', max: 0.5 }),
      spec('slow', { kind: 'ratio', max: 0.5 }),
      spec('new', { kind: 'ratio', max: 0.5 }),
    ]
    const table = resultsTable(specs, [row('fast', 1, 10), row('slow', 9, 10)])
    expect(table).toMatch(/\| fast \|.*\| PASS \|/)
    expect(table).toMatch(/\| slow \|.*\| MISS \|/)
    expect(table).toMatch(/\| new \|.*\| PENDING \|/)
    expect(table).toContain('- new: not in results.json yet')
    expect(table).not.toContain('ratio per round')
  })
})

describe('verdicts and the results shape', () => {
  it('passes at the goal, misses above it, and is pending without the figure the goal reads', () => {
    expect(verdict({ kind: 'ratio', max: 0.5 }, row('x', 5, 10))).toBe('pass')
    expect(verdict({ kind: 'ratio', max: 0.5 }, row('x', 6, 10))).toBe('miss')
    expect(verdict({ kind: 'absolute', max: 100 }, row('x', 99, null))).toBe('pass')
    expect(verdict({ kind: 'ratio', max: 0.5 }, row('x', 99, null))).toBe('pending')
    expect(verdict({ kind: 'none', max: 0 }, row('x', 5, 10))).toBe('info')
  })

  it('accepts exactly the results.json row shape in suite order', () => {
    expect(validateRows([row('a', 1, 2), row('b', null, null)], ['a', 'b'])).toEqual([])
    expect(validateRows([row('b', 1, 2)], ['a'])).toHaveLength(1)
    expect(validateRows([{ ...row('a', 1, 2), extra: 1 }], ['a'])[0]).toMatch(/keys/)
  })
})

describe('the case index', () => {
  it('declares each id once and names each export after its id', () => {
    const ids = CASE_INDEX.map((entry) => entry.id)
    expect(new Set(ids).size).toBe(ids.length)
    expect(exportNameOf('execute.no_handler')).toBe('executeNoHandler')
    expect(exportNameOf('otlp.encode.512_spans')).toBe('otlpEncode512Spans')
    expect(exportNameOf('load_test.http')).toBe('loadTestHttp')
  })
})
