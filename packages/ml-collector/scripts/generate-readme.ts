/** Rewrites the generated tables of this package's README (run with `pnpm readme` here). */
import { readFileSync, writeFileSync } from 'node:fs'
import { syncReadme } from './readmeTables.ts'

const file = new URL('../README.md', import.meta.url)
writeFileSync(file, syncReadme(readFileSync(file, 'utf8')))
console.log(`wrote ${file.pathname}`)
