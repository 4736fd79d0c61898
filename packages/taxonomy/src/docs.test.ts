import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { docsCommand, renderEventsDoc, renderMetricsDoc } from '../scripts/renderDocs.ts'
import { eventNames, metricDefinitions } from './index.ts'

const docs = new URL('../../../docs/', import.meta.url)
const committed = (file: string) => readFileSync(new URL(file, docs), 'utf8')

describe('generated docs', () => {
  it('docs/events.md matches the taxonomy', () => {
    const fresh = renderEventsDoc()
    expect(committed('events.md') === fresh, `docs/events.md is out of date: run \`${docsCommand}\``).toBe(
      true,
    )
  })

  it('docs/metrics.md matches the taxonomy', () => {
    const fresh = renderMetricsDoc()
    expect(committed('metrics.md') === fresh, `docs/metrics.md is out of date: run \`${docsCommand}\``).toBe(
      true,
    )
  })

  it('lists every event and every metric', () => {
    const events = renderEventsDoc()
    for (const name of eventNames) expect(events).toContain(`| \`${name}\` |`)
    const metrics = renderMetricsDoc()
    for (const m of metricDefinitions) expect(metrics).toContain(`| \`${m.name}\` | ${m.kind} |`)
  })
})
