/**
 * Dense numbers for tag sets, by content: two tags objects with the same keys in the same order
 * and the same values get the same number, whichever objects they are. Collections hand out new
 * tags objects every time, so caches keyed by the object never hit; keyed by these numbers they
 * do, for one map lookup per tag. The cluster merger keys its per-series state by them (a JSON
 * key per series was a fifth of a 4 x 10 000 series merge, and hashing the fresh keys most of the
 * rest), the Prometheus writer its rendered label sets.
 */

/** One level of the trie: tag value -> next level (or, at the last key, the tag set's number). */
type Level = Map<string, Level | number>

/** Tag sets with one key list (in order): a trie over their values. */
interface Shape {
  readonly keys: readonly string[]
  readonly root: Level
  /** The number of the empty tag set, when `keys` is empty. */
  empty: number | undefined
}

/** Numbers tag sets by content. */
export interface TagSetIndex {
  /**
   * The number of `tags`: the same for tags objects JSON would write as the same text, distinct
   * otherwise (so tag sets are told apart exactly as by their JSON text). Throws where
   * `JSON.stringify` throws on a hostile value.
   */
  idOf(tags: unknown): number
  /**
   * The number of a plain tags object whose values are all strings (what collections hand out),
   * or `undefined` for anything else, which then has no number from this call.
   */
  stringsId(tags: unknown): number | undefined
  /** How many tag sets have a number. */
  readonly size: number
}

/** A fresh index (numbers start at 0). */
export function createTagSetIndex(): TagSetIndex {
  return new TagSetNumbers()
}

/** The index: a trie of values per key list, and JSON text for tag sets that are not all strings. */
class TagSetNumbers implements TagSetIndex {
  readonly #shapes = new Map<string, Shape>()
  // Tag sets with values that are not all strings (never from a collection; possible from a
  // hand-made one): numbered by their JSON text, the identity the trie mirrors for strings.
  readonly #odd = new Map<string | undefined, number>()
  #last: Shape | undefined = undefined
  #size = 0

  get size(): number {
    return this.#size
  }

  idOf(tags: unknown): number {
    return (isObject(tags) ? this.#stringTagsId(tags) : undefined) ?? this.#oddId(tags)
  }

  stringsId(tags: unknown): number | undefined {
    return isObject(tags) ? this.#stringTagsId(tags) : undefined
  }

  #shapeOf(keys: readonly string[]): Shape {
    const last = this.#last
    if (last !== undefined && sameKeys(last.keys, keys)) return last
    const signature = keySignature(keys)
    let shape = this.#shapes.get(signature)
    if (shape === undefined) {
      shape = { keys, root: new Map(), empty: undefined }
      this.#shapes.set(signature, shape)
    }
    this.#last = shape
    return shape
  }

  /**
   * The number of a plain object's tag set, or undefined when a value is not a string. Values are
   * checked while walking (one read each); a walk cut short leaves only empty levels behind.
   */
  #stringTagsId(tags: Readonly<Record<string, unknown>>): number | undefined {
    const keys = Object.keys(tags)
    const shape = this.#shapeOf(keys)
    const lastKey = keys.length - 1
    if (lastKey < 0) {
      shape.empty ??= this.#size++
      return shape.empty
    }
    let level = shape.root
    for (let i = 0; i < lastKey; i++) {
      const value = tags[keys[i]!]
      if (typeof value !== 'string') return undefined
      let next = level.get(value) as Level | undefined
      if (next === undefined) {
        next = new Map()
        level.set(value, next)
      }
      level = next
    }
    const value = tags[keys[lastKey]!]
    if (typeof value !== 'string') return undefined
    let id = level.get(value) as number | undefined
    if (id === undefined) {
      id = this.#size++
      level.set(value, id)
    }
    return id
  }

  #oddId(tags: unknown): number {
    const text = JSON.stringify(tags) as string | undefined
    // The JSON text read back is an all-string tag set whenever the original differed from one
    // only in what JSON leaves out (an undefined value): it shares that tag set's number.
    const canonical = text === undefined ? undefined : (JSON.parse(text) as unknown)
    const id = isObject(canonical) ? this.#stringTagsId(canonical) : undefined
    return id ?? this.#oddTextId(text)
  }

  #oddTextId(text: string | undefined): number {
    let id = this.#odd.get(text)
    if (id === undefined) {
      id = this.#size++
      this.#odd.set(text, id)
    }
    return id
  }
}

/** A plain object: its JSON text is its own keys and values (no array, boxed value or `toJSON`). */
function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null) return false
  const prototype = Object.getPrototypeOf(value)
  return prototype === Object.prototype || prototype === null
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/** One string per key list, injective: each key as its length, `:`, then the key. */
function keySignature(keys: readonly string[]): string {
  let out = ''
  for (let i = 0; i < keys.length; i++) out += keys[i]!.length + ':' + keys[i]!
  return out
}
