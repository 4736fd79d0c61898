import { describe, expect, it } from 'vitest'
import { loadCase } from './cases.ts'

describe('loadCase', () => {
  it('makes a side that finds our packages unfinished unavailable, on either side', async () => {
    const spec = await loadCase({ id: 'fixture.unbuilt', file: './loadCase.fixture.ts' })
    await expect(spec.ours({ smoke: true })).resolves.toEqual({
      kind: 'unavailable',
      note: 'not yet available: createThing',
    })
    await expect(spec.peerSide?.({ smoke: true })).resolves.toEqual({
      kind: 'unavailable',
      note: 'not yet available (createOther: not implemented)',
    })
  })

  it('lets any other failure of a side through, so the run reports it as an error', async () => {
    const spec = await loadCase({ id: 'fixture.broken', file: './loadCase.fixture.ts' })
    await expect(spec.ours({ smoke: true })).rejects.toThrow('boom')
    expect(spec.peerSide).toBeUndefined()
  })
})
