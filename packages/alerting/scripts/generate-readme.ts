/** Rewrites the README's metric table from the taxonomy. Run with `pnpm readme` in this package. */
import { readFileSync, writeFileSync } from 'node:fs'
import { withMetricTable } from './readmeMetrics.ts'

const file = new URL('../README.md', import.meta.url)
writeFileSync(file, withMetricTable(readFileSync(file, 'utf8')))
console.log(`wrote ${file.pathname}`)
