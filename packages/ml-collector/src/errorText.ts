/**
 * `String(error)`, or a stand-in when even that throws (a hostile `toString`, or an object without
 * a prototype): for messages written inside a `catch`, which must not throw in turn.
 */
export function textOf(error: unknown): string {
  try {
    return String(error)
  } catch {
    return 'an error that cannot be read'
  }
}
