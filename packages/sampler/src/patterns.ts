/**
 * Rules by exact name or `prefix.*` pattern. The longest match wins and an exact name beats any
 * pattern, so `foundation_os.error.*` can carve an exception out of `foundation_os.*`.
 */
export interface PatternTable<TValue> {
  set(pattern: string, value: TValue): void
  /** The value of the best match for `name`, with the pattern that matched. */
  match(name: string): { pattern: string; value: TValue } | undefined
  /** Patterns in the table. */
  patterns(): string[]
}

/** Whether `pattern` is an exact name or a `prefix.*` pattern (`*` alone matches everything). */
export function isValidPattern(pattern: unknown): pattern is string {
  if (typeof pattern !== 'string' || pattern === '') return false
  const star = pattern.indexOf('*')
  if (star < 0) return true
  return pattern === '*' || (star === pattern.length - 1 && pattern.endsWith('.*') && pattern.length > 2)
}

/** Create an empty table. */
export function createPatternTable<TValue>(): PatternTable<TValue> {
  const exact = new Map<string, TValue>()
  // Longest prefix first, so the first match is the best one.
  let prefixes: Array<{ prefix: string; pattern: string; value: TValue }> = []

  return {
    set(pattern, value) {
      if (!pattern.endsWith('*')) {
        exact.set(pattern, value)
        return
      }
      const prefix = pattern.slice(0, -1)
      prefixes = prefixes.filter((p) => p.pattern !== pattern)
      prefixes.push({ prefix, pattern, value })
      prefixes.sort((a, b) => b.prefix.length - a.prefix.length)
    },
    match(name) {
      const hit = exact.get(name)
      if (hit !== undefined) return { pattern: name, value: hit }
      for (const p of prefixes) if (name.startsWith(p.prefix)) return { pattern: p.pattern, value: p.value }
      return undefined
    },
    patterns: () => [...exact.keys(), ...prefixes.map((p) => p.pattern)],
  }
}
