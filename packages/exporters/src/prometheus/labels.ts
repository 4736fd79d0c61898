/**
 * Rendering a series' tags as a Prometheus label set (`a="x",b="y"`). One renderer belongs to one
 * serializer: it remembers each tag set's rendered labels by content (collections hand out new
 * tags objects on every scrape, so a cache keyed by the object never hits), so a scrape of an
 * unchanged series set escapes and joins no label twice. Bounded: past its limit it forgets
 * everything and starts again.
 */
import { createTagSetIndex, type TagSetIndex } from '../shared/tagSetIndex.ts'
import { escapeLabelValue } from './escape.ts'
import { sanitizeLabelName } from './naming.ts'

/** Label sets one renderer remembers by default; past this it forgets them all and starts again. */
export const DEFAULT_MAX_LABEL_SETS = 65_536

/** Tag keys whose label names one renderer remembers (keys come from code, not data). */
const MAX_LABEL_NAMES = 10_000

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

/** Renders tags as label sets, remembering what it rendered. */
export interface LabelRenderer {
  /** The label set of `tags` without braces: `a="x",b="y"`, or `''` for no tags. */
  inner(tags: Readonly<Record<string, string>>): string
  /** The label set of `tags` in braces, `{a="x",b="y"}`, or `''` for no tags. */
  braced(tags: Readonly<Record<string, string>>): string
}

/** Options of {@link createLabelRenderer}. */
export interface LabelRendererOptions {
  /** Label sets remembered at most. Defaults to {@link DEFAULT_MAX_LABEL_SETS}. */
  maxLabelSets?: number
}

/** A renderer with nothing remembered yet. */
export function createLabelRenderer(options: LabelRendererOptions = {}): LabelRenderer {
  const maxLabelSets = Math.max(1, options.maxLabelSets ?? DEFAULT_MAX_LABEL_SETS)
  const names = new Map<string, string>()
  let index: TagSetIndex = createTagSetIndex()
  let inner: string[] = []
  let braced: string[] = []

  const labelName = (key: string): string => {
    let name = names.get(key)
    if (name === undefined) {
      name = sanitizeLabelName(key)
      name = reservedLabelNames.get(name) ?? name
      if (names.size < MAX_LABEL_NAMES) names.set(key, name)
    }
    return name
  }

  /** The tag set's number, or undefined for tags that are not plain strings (rendered each time). */
  const idOf = (tags: Readonly<Record<string, string>>): number | undefined => {
    const id = index.stringsId(tags)
    if (id === undefined || id < maxLabelSets) return id
    index = createTagSetIndex()
    inner = []
    braced = []
    return index.stringsId(tags)
  }

  const innerOf = (tags: Readonly<Record<string, string>>, id: number | undefined): string => {
    if (id === undefined) return render(tags, labelName)
    let labels = inner[id]
    if (labels === undefined) {
      labels = render(tags, labelName)
      inner[id] = labels
    }
    return labels
  }

  return {
    inner: (tags) => innerOf(tags, idOf(tags)),
    braced(tags) {
      const id = idOf(tags)
      if (id === undefined) return braces(render(tags, labelName))
      let labels = braced[id]
      if (labels === undefined) {
        labels = braces(innerOf(tags, id))
        braced[id] = labels
      }
      return labels
    },
  }
}

function render(tags: Readonly<Record<string, string>>, labelName: (key: string) => string): string {
  const keys = Object.keys(tags)
  if (keys.length === 0) return ''
  let names: string[] | undefined
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!
    const name = labelName(key)
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
