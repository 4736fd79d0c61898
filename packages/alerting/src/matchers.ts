/**
 * Label matchers as Alertmanager writes them: `{ name, value, isRegex, isEqual }` (its API v2
 * shape) or the string forms `name="value"`, `name!="value"`, `name=~"regex"`, `name!~"regex"`.
 * Regexes are anchored at both ends, as in Alertmanager; a missing label matches as `""`.
 */

/** One matcher in Alertmanager's API v2 shape. */
export interface Matcher {
  name: string
  value: string
  /** Defaults to false. */
  isRegex?: boolean
  /** Defaults to true; false negates the match. */
  isEqual?: boolean
}

/** A matcher, or its string form. */
export type MatcherInput = Matcher | string

/** A compiled matcher. */
export interface CompiledMatcher {
  readonly name: string
  matches(labels: Readonly<Record<string, string>>): boolean
}

const stringForm = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"\s*$/

/** Parse and compile a matcher; undefined (with the reason) when it is malformed. */
export function compileMatcher(input: MatcherInput): CompiledMatcher | string {
  let matcher: Matcher
  if (typeof input === 'string') {
    const m = stringForm.exec(input)
    if (m === null)
      return `matcher ${JSON.stringify(input)} is not name="value", name!="value", name=~"re" or name!~"re"`
    const op = m[2]!
    matcher = {
      name: m[1]!,
      value: JSON.parse(`"${m[3]!}"`) as string,
      isRegex: op === '=~' || op === '!~',
      isEqual: op === '=' || op === '=~',
    }
  } else if (
    input !== null &&
    typeof input === 'object' &&
    typeof input.name === 'string' &&
    typeof input.value === 'string'
  ) {
    matcher = input
  } else {
    return 'a matcher needs a string name and value'
  }
  const equal = matcher.isEqual !== false
  const name = matcher.name
  if (matcher.isRegex === true) {
    let re: RegExp
    try {
      re = new RegExp(`^(?:${matcher.value})$`)
    } catch (error) {
      return `matcher ${name}: ${(error as Error).message}`
    }
    return { name, matches: (labels) => re.test(labels[name] ?? '') === equal }
  }
  const value = matcher.value
  return { name, matches: (labels) => ((labels[name] ?? '') === value) === equal }
}

/** Matchers as a list, or as a plain `{ label: 'value' }` object of equality matchers. */
export type MatchersInput = readonly MatcherInput[] | Readonly<Record<string, string>>

/** Compile a list (or a label object); the first malformed matcher's reason is returned instead. */
export function compileMatchers(inputs: MatchersInput): CompiledMatcher[] | string {
  const out: CompiledMatcher[] = []
  const list: readonly MatcherInput[] = Array.isArray(inputs)
    ? inputs
    : inputs !== null && typeof inputs === 'object'
      ? Object.entries(inputs as Record<string, string>).map(([name, value]) => ({
          name,
          value: String(value),
        }))
      : []
  for (const input of list) {
    const compiled = compileMatcher(input)
    if (typeof compiled === 'string') return compiled
    out.push(compiled)
  }
  return out
}

/** Whether every matcher matches `labels`. */
export function matchesAll(
  matchers: readonly CompiledMatcher[],
  labels: Readonly<Record<string, string>>,
): boolean {
  for (const m of matchers) if (!m.matches(labels)) return false
  return true
}
