/**
 * Writes docs/events.md and docs/metrics.md from the taxonomy. Run with `pnpm docs` in this
 * package (Node 24 strips the types); `src/docs.test.ts` fails when the committed files drift.
 */
import { writeFileSync } from 'node:fs'
import { renderEventsDoc, renderMetricsDoc } from './renderDocs.ts'

const docs = new URL('../../../docs/', import.meta.url)
writeFileSync(new URL('events.md', docs), renderEventsDoc())
writeFileSync(new URL('metrics.md', docs), renderMetricsDoc())
console.log(`wrote ${new URL('events.md', docs).pathname} and ${new URL('metrics.md', docs).pathname}`)
