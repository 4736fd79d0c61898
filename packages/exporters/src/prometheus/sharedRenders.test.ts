import { gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import type { RenderResult } from './httpHandler.ts'
import type { ExpositionFormat } from './serializer.ts'
import { SharedRender, SharedRenders } from './sharedRenders.ts'

function counting() {
  const rendered: ExpositionFormat[] = []
  const renders = new SharedRenders((format) => {
    rendered.push(format)
    return Promise.resolve<RenderResult>({ ok: true, body: `# ${format}\n`, series: 1 })
  })
  return { renders, rendered }
}

describe('SharedRenders', () => {
  it('gives scrapes of one format in flight the same render, and another format its own', () => {
    const { renders, rendered } = counting()
    const first = renders.acquire('text')
    const second = renders.acquire('text')
    const open = renders.acquire('openmetrics')
    expect(second).toBe(first)
    expect(open).not.toBe(first)
    expect(first.users).toBe(2)
    expect(rendered).toEqual(['text', 'openmetrics'])
  })

  it('renders afresh once the last user has released the render, not before', () => {
    const { renders, rendered } = counting()
    const first = renders.acquire('text')
    renders.acquire('text')
    renders.release('text', first)
    expect(renders.acquire('text')).toBe(first)
    renders.release('text', first)
    renders.release('text', first)
    expect(renders.acquire('text')).not.toBe(first)
    expect(rendered).toEqual(['text', 'text'])
  })
})

describe('SharedRender', () => {
  it('encodes its body once for every user, plain and gzipped', async () => {
    const render = new SharedRender(Promise.resolve({ ok: true, body: 'up 1\n', series: 1 }))
    const plain = render.plain('up 1\n')
    expect(render.plain('up 1\n')).toBe(plain)
    expect(plain.toString('utf8')).toBe('up 1\n')
    const gzipped = render.gzipped('up 1\n')
    expect(render.gzipped('up 1\n')).toBe(gzipped)
    expect(gunzipSync(await gzipped).toString('utf8')).toBe('up 1\n')
  })
})
