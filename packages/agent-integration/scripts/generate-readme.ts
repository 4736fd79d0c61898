import { readFileSync, writeFileSync } from 'node:fs'
import { withMetricTable } from './metricTable.ts'

const path = new URL('../README.md', import.meta.url)
writeFileSync(path, withMetricTable(readFileSync(path, 'utf8')))
console.log('wrote the metric table of packages/agent-integration/README.md')
