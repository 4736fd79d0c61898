/**
 * Rendering a series' tags as the inside of a Prometheus label set (`a="x",b="y"`), cached per
 * tags object when the snapshot source hands out the same tags object for a series on every
 * collection, so a scrape of an unchanged series set renders no label string twice.
 */
import { escapeLabelValue } from './escape.ts'
import { sanitizeLabelName } from './naming.ts'

/**
 * Label names the formats give a meaning to on some families (`le` on histogram buckets,
 * `quantile` on summaries). A tag with one of these names is renamed on every family so one
 * series reads the same whatever its instrument is.
 */
// A Map, not an object literal: a tag named `constructor` or `toString` must not find a value.
const reservedLabelNames: ReadonlyMap<string, string> = new Map([
  ['le', 'tag_le'],
  ['quantile', 'tag_quantile'],
])

const cache = new WeakMap<object, string>()

// Caching pays only when collections hand back the same tags objects; with fresh objects every
// time, WeakMap inserts roughly double the cost of a scrape. So each scrape's hit rate is
// judged: after a warm-up scrape, caching stays on while at least a quarter of lookups hit, and
// every `probeEvery` scrapes it is tried again in case the source started reusing objects.
const probeEvery = 16
let lookups = 0
let hits = 0
let caching = true
let warmUp = true
let scrapesSinceProbe = 0

/** Call when a scrape's serialization finished: decides whether the next scrapes cache labels. */
export function labelScrapeDone(): void {
  if (caching) {
    if (warmUp) warmUp = false
    else if (lookups > 0 && hits * 4 < lookups) caching = false
    scrapesSinceProbe = 0
  } else if (++scrapesSinceProbe >= probeEvery) {
    caching = true
    warmUp = true
  }
  lookups = 0
  hits = 0
}

/** The label set of `tags` without braces: `a="x",b="y"`, or `''` for no tags. */
export function renderLabels(tags: Readonly<Record<string, string>>): string {
  if (!caching) return render(tags)
  lookups++
  const cached = cache.get(tags)
  if (cached !== undefined) {
    hits++
    return cached
  }
  const rendered = render(tags)
  cache.set(tags, rendered)
  return rendered
}

function render(tags: Readonly<Record<string, string>>): string {
  const keys = Object.keys(tags)
  if (keys.length === 0) return ''
  let names: string[] | undefined
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!
    let name = sanitizeLabelName(key)
    name = reservedLabelNames.get(name) ?? name
    if (name !== key) names ??= keys.slice(0, i)
    names?.push(name)
  }
  if (names === undefined) {
    let out = ''
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!
      out += (i === 0 ? '' : ',') + key + '="' + escapeLabelValue(String(tags[key])) + '"'
    }
    return out
  }
  return renderRenamed(keys, names, tags)
}

// Two tag keys that sanitize to one label name (`a.b`, `a_b`) are merged into one label whose
// value joins theirs with `;` in key order, as the OpenTelemetry Prometheus mapping does.
function renderRenamed(
  keys: readonly string[],
  names: readonly string[],
  tags: Readonly<Record<string, string>>,
): string {
  const order: string[] = []
  const values = new Map<string, string>()
  for (let i = 0; i < keys.length; i++) {
    const name = names[i]!
    const value = String(tags[keys[i]!])
    const previous = values.get(name)
    if (previous === undefined) {
      order.push(name)
      values.set(name, value)
    } else {
      values.set(name, previous + ';' + value)
    }
  }
  order.sort()
  let out = ''
  for (let i = 0; i < order.length; i++) {
    const name = order[i]!
    out += (i === 0 ? '' : ',') + name + '="' + escapeLabelValue(values.get(name)!) + '"'
  }
  return out
}

/** Wrap a rendered label set with one extra label (`le`, `quantile`) in braces. */
export function withLabel(labels: string, name: string, value: string): string {
  return labels === '' ? '{' + name + '="' + value + '"}' : '{' + labels + ',' + name + '="' + value + '"}'
}

/** The start of a series line with one more label to come: `name{a="x",le="` (value and `"}` follow). */
export function openLabel(name: string, labels: string, label: string): string {
  return labels === '' ? name + '{' + label + '="' : name + '{' + labels + ',' + label + '="'
}

/** Braces around a rendered label set, or nothing when it is empty. */
export function braces(labels: string): string {
  return labels === '' ? '' : '{' + labels + '}'
}
