/**
 * Redaction of a scrape's snapshots, with memory of the tag sets redaction leaves alone. The
 * shared export redaction looks every tag's key and value up on every scrape; a Prometheus
 * exporter is scraped again and again over mostly the same series, so this remembers, per tag
 * set (by content), whether redaction changed it, and passes a metric whose name and tag sets
 * are all known to be left alone on without looking at its tags again. Anything else (a changed
 * or unseen tag set, tags that are not plain strings) goes through the shared redaction, whose
 * result is the same either way: redaction of a tag set depends only on its keys and values.
 */
import type { MetricSnapshot } from '@foundation-telemetry/core'
import type { ExportRedaction } from '../shared/exportRedaction.ts'
import { createTagSetIndex, type TagSetIndex } from '../shared/tagSetIndex.ts'

/** Tag sets whose verdict one memory keeps by default; past this it forgets them all. */
export const DEFAULT_MAX_REMEMBERED_TAG_SETS = 65_536

/** Snapshots as they may leave the process. */
export type ScrapeRedaction = (snapshots: readonly MetricSnapshot[]) => MetricSnapshot[]

/** Options of {@link createScrapeRedaction}. */
export interface ScrapeRedactionOptions {
  /** Tag sets remembered at most. Defaults to {@link DEFAULT_MAX_REMEMBERED_TAG_SETS}. */
  maxTagSets?: number
}

/** `redaction.snapshots` with the memory described above. */
export function createScrapeRedaction(
  redaction: ExportRedaction,
  options: ScrapeRedactionOptions = {},
): ScrapeRedaction {
  const maxTagSets = Math.max(1, options.maxTagSets ?? DEFAULT_MAX_REMEMBERED_TAG_SETS)
  let index: TagSetIndex = createTagSetIndex()
  /** Per tag-set number: true when redaction leaves the set as it is. */
  let untouched: boolean[] = []

  const leftAlone = (tags: Readonly<Record<string, string>>): boolean => {
    let id = index.stringsId(tags)
    if (id === undefined) return false
    if (id >= maxTagSets) {
      index = createTagSetIndex()
      untouched = []
      id = index.stringsId(tags) as number
    }
    let verdict = untouched[id]
    if (verdict === undefined) {
      verdict = redaction.tags(tags) === tags
      untouched[id] = verdict
    }
    return verdict
  }

  const passesAsIs = (snapshot: MetricSnapshot): boolean => {
    if (redaction.name(snapshot.name) !== snapshot.name) return false
    const series = snapshot.series
    for (let i = 0; i < series.length; i++) if (!leftAlone(series[i]!.tags)) return false
    return true
  }

  return (snapshots) => {
    const out: MetricSnapshot[] = new Array(snapshots.length)
    for (let i = 0; i < snapshots.length; i++) {
      const snapshot = snapshots[i]!
      out[i] = passesAsIs(snapshot) ? snapshot : (redaction.snapshots([snapshot])[0] as MetricSnapshot)
    }
    return out
  }
}
