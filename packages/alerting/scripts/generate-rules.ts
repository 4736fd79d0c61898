/** Writes deploy/prometheus/rules/*.rules.yml from the rule library. Run with `pnpm rules` in this package. */
import { mkdirSync, writeFileSync } from 'node:fs'
import { ruleFiles } from './ruleFiles.ts'

const dir = new URL('../../../deploy/prometheus/rules/', import.meta.url)
mkdirSync(dir, { recursive: true })
for (const [name, text] of Object.entries(ruleFiles())) {
  writeFileSync(new URL(name, dir), text)
  console.log(`wrote ${new URL(name, dir).pathname}`)
}
