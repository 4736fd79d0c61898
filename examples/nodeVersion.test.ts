import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'

// One minimum Node version everywhere: the README's, the root's and every package's `engines`.
const root = fileURLToPath(new URL('../', import.meta.url))
const engines = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8')).engines?.node

it('README, root and package engines name the same minimum Node version', () => {
  const readme = readFileSync(`${root}README.md`, 'utf8')
  const minimum = /Node ≥ (\d+)/.exec(readme)?.[1]
  expect(minimum).toBeDefined()
  expect(readme).toContain(`**Node ${minimum} or later**`)
  const manifests = [
    `${root}package.json`,
    ...readdirSync(`${root}packages`).map((name) => `${root}packages/${name}/package.json`),
    `${root}apps/demo/package.json`,
  ]
  for (const manifest of manifests) expect([manifest, engines(manifest)]).toEqual([manifest, `>=${minimum}`])
})
