import { isRandomness, isThreshold } from './threshold.ts'

/**
 * The OpenTelemetry member of a W3C `tracestate` (`ot=th:c;rv:...`): its sub-keys are `key:value`
 * pairs separated by `;`. Only `th` and `rv` are interpreted; other sub-keys are kept as they are.
 */
export interface OtelTraceState {
  /** The rejection threshold, when present and valid. */
  th?: string
  /** The explicit randomness value, when present and valid. */
  rv?: string
  /** Other sub-keys, as written (`key:value`). */
  rest: string[]
}

/** Read the `ot` member of a tracestate header value. Malformed `th`/`rv` values are ignored. */
export function readOtelTraceState(traceState: string | undefined): OtelTraceState {
  const result: OtelTraceState = { rest: [] }
  if (traceState === undefined || traceState === '' || !traceState.includes('ot=')) return result
  for (const member of traceState.split(',')) {
    const entry = member.trim()
    if (!entry.startsWith('ot=')) continue
    for (const sub of entry.slice(3).split(';')) {
      const colon = sub.indexOf(':')
      const key = colon < 0 ? sub : sub.slice(0, colon)
      const value = colon < 0 ? '' : sub.slice(colon + 1)
      if (key === 'th') {
        if (isThreshold(value)) result.th = value
      } else if (key === 'rv') {
        if (isRandomness(value)) result.rv = value
      } else if (sub !== '') result.rest.push(sub)
    }
    break
  }
  return result
}

/**
 * `traceState` with its `ot` member rewritten to carry `th` (or no `th` when undefined) and the
 * given `rv`/other sub-keys. A modified member moves to the front, as W3C Trace Context asks;
 * an empty `ot` member is removed.
 */
export function writeOtelTraceState(
  traceState: string | undefined,
  ot: { th?: string | undefined; rv?: string | undefined; rest?: readonly string[] },
): string | undefined {
  const subs: string[] = []
  if (ot.th !== undefined) subs.push(`th:${ot.th}`)
  if (ot.rv !== undefined) subs.push(`rv:${ot.rv}`)
  if (ot.rest !== undefined) subs.push(...ot.rest)
  const others =
    traceState === undefined || traceState === ''
      ? []
      : traceState
          .split(',')
          .map((m) => m.trim())
          .filter((m) => m !== '' && !m.startsWith('ot='))
  const members = subs.length > 0 ? [`ot=${subs.join(';')}`, ...others] : others
  return members.length > 0 ? members.join(',') : undefined
}
