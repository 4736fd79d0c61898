/**
 * Errors by category with a bounded sample of messages: a test that fails a million times keeps a
 * few dozen strings, not a million. The category is the error's `code` when it has a string one
 * (`ECONNREFUSED`, `UND_ERR_SOCKET`), else its `name` (`TypeError`, `HttpStatusError`).
 */

/** Categories kept; further ones are counted under `other`. */
export const MAX_CATEGORIES = 32
/** Distinct messages kept per category. */
export const MAX_SAMPLES = 5
const MAX_MESSAGE_LENGTH = 300

/** One category in a report. */
export interface ErrorCategory {
  count: number
  /** Up to five distinct messages. */
  samples: string[]
}

/** The category of a thrown value. */
export function categoryOf(error: unknown): string {
  if (error instanceof Error || (typeof error === 'object' && error !== null)) {
    const { code, name } = error as { code?: unknown; name?: unknown }
    if (typeof code === 'string' && code !== '') return code
    if (typeof name === 'string' && name !== '') return name
    return 'Error'
  }
  return typeof error === 'string' ? 'string' : `non_error_${typeof error}`
}

/** The message of a thrown value, shortened. */
export function messageOf(error: unknown): string {
  let text: string
  if (error instanceof Error) text = error.message
  else if (typeof error === 'string') text = error
  else {
    try {
      text = JSON.stringify(error) ?? String(error)
    } catch {
      text = String(error)
    }
  }
  return text.length > MAX_MESSAGE_LENGTH ? `${text.slice(0, MAX_MESSAGE_LENGTH)}…` : text
}

/** Counts errors by category. */
export class ErrorTally {
  private readonly categories = new Map<string, ErrorCategory>()

  add(category: string, message: string | undefined, n = 1): void {
    let entry = this.categories.get(category)
    if (entry === undefined) {
      if (this.categories.size >= MAX_CATEGORIES) {
        category = 'other'
        entry = this.categories.get(category)
      }
      if (entry === undefined) {
        entry = { count: 0, samples: [] }
        this.categories.set(category, entry)
      }
    }
    entry.count += n
    if (message !== undefined && entry.samples.length < MAX_SAMPLES && !entry.samples.includes(message)) {
      entry.samples.push(message)
    }
  }

  /** Add every category of `other`. */
  merge(other: ErrorTally): void {
    for (const [category, entry] of other.categories) {
      this.add(category, undefined, entry.count)
      for (const sample of entry.samples) this.add(category, sample, 0)
    }
  }

  toJSON(): Record<string, ErrorCategory> {
    const out: Record<string, ErrorCategory> = {}
    for (const [category, entry] of this.categories)
      out[category] = { count: entry.count, samples: [...entry.samples] }
    return out
  }
}
