/** The six comparators, explicit in every rule. */
import type { Comparator } from './types.ts'

/** The comparators a rule may name. */
export const comparators: readonly Comparator[] = ['>', '>=', '<', '<=', '==', '!=']

/** Whether `value` is one of {@link comparators}. */
export function isComparator(value: unknown): value is Comparator {
  return typeof value === 'string' && (comparators as readonly string[]).includes(value)
}

/** `value comparator threshold`; NaN compares false, as in PromQL. */
export function compare(value: number, comparator: Comparator, threshold: number): boolean {
  switch (comparator) {
    case '>':
      return value > threshold
    case '>=':
      return value >= threshold
    case '<':
      return value < threshold
    case '<=':
      return value <= threshold
    case '==':
      return value === threshold
    case '!=':
      return !Number.isNaN(value) && value !== threshold
  }
}
