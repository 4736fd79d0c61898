import { readFileSync } from 'node:fs'
import { afterAll, expect, it, vi } from 'vitest'

// The README's quick start is examples/quick-start.ts verbatim (up to its test-only export
// line); this runs it and checks what it claims.
const root = new URL('../../../', import.meta.url)
const example = readFileSync(new URL('examples/quick-start.ts', root), 'utf8')
const readme = readFileSync(new URL('README.md', root), 'utf8')

const logged: unknown[][] = []
vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
  logged.push(args)
})
process.env.PORT = '0'
const { prom, t } = await import('../../../examples/quick-start.ts')

afterAll(async () => {
  await prom.close()
  await t.shutdown()
  vi.restoreAllMocks()
})

it('README shows the example file exactly', () => {
  const shown = example.slice(0, example.indexOf('\nexport { prom, t }')).trimEnd()
  expect(readme).toContain(`\`\`\`ts\n${shown}\n\`\`\``)
})

it('the handler saw the breaker event, and Prometheus output has the counter', async () => {
  expect(logged[0]).toEqual([
    'foundation.circuit_breaker.state_change',
    { failure_count: 5 },
    expect.objectContaining({ name: 'llm', from: 'closed', to: 'open', service: 'planner' }),
  ])
  const url = String(logged.at(-1)?.[0]).replace('Prometheus can scrape ', '')
  const body = await (await fetch(url)).text()
  expect(body).toMatch(/^dspex_program_executions_total\{program_type="qa"\} 1$/m)
})
