/** Rewrites the metric table in README.md from the taxonomy. */
import { readFileSync, writeFileSync } from 'node:fs'
import { withMetricTable } from './metricTable.ts'

const readme = new URL('../README.md', import.meta.url)
writeFileSync(readme, withMetricTable(readFileSync(readme, 'utf8')))
console.log(`wrote the metric table of ${readme.pathname}`)
