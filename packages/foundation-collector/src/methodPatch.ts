/**
 * A method of a library object replaced for an adapter's lifetime, then put back exactly as it
 * was: an own property again, or none (the prototype's method shows through), so a disposed
 * adapter leaves no trace on the object.
 */

/** The replacement of one method, not yet in place. */
export interface MethodPatch {
  /** Put the replacement in place. */
  install(): void
  /** Put the original back, unless something else has replaced the replacement since. */
  restore(): void
}

/** Prepare to replace `target[key]` by `replacement`; what to put back is read now. */
export function patchMethod(target: object, key: string, replacement: unknown): MethodPatch {
  const slots = target as Record<string, unknown>
  const hadOwn = Object.hasOwn(target, key)
  const own = slots[key]
  return {
    install() {
      slots[key] = replacement
    },
    restore() {
      if (slots[key] !== replacement) return
      if (hadOwn) slots[key] = own
      else delete slots[key]
    },
  }
}
