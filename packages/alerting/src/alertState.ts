/**
 * The lifecycle of one alert, exactly as Prometheus evaluates alerting rules
 * (`rules/alerting.go`): a new result is pending; it fires once it has held at every evaluation
 * for `for` (with `for: 0` at once); a pending alert whose condition misses once is dropped; a
 * firing alert whose condition clears keeps firing for `keepFiringFor` counted from the first
 * miss, then resolves. A resolved alert that matches again starts a new pending episode.
 */

/** The internal states; `inactive` alerts are forgotten by the caller. */
export type InstanceState = 'inactive' | 'pending' | 'firing' | 'resolved'

/** What one evaluation step did. */
export type Transition = 'none' | 'pending' | 'firing' | 'resolved' | 'dropped'

/** The mutable state of one alert (one label set of one rule). */
export interface AlertInstance {
  readonly labels: Readonly<Record<string, string>>
  readonly fingerprint: string
  state: InstanceState
  value: number
  /** When the current episode's condition first held. */
  activeAt: number
  firedAt: number | undefined
  resolvedAt: number | undefined
  /** When the condition first missed while firing (keep-firing clock). */
  keepFiringSince: number | undefined
  /** When the state last changed. */
  since: number
  acknowledged: boolean
}

/** The fields of one episode as it starts at `at`: active and changed then, nothing else yet. */
type Episode = Pick<
  AlertInstance,
  'activeAt' | 'firedAt' | 'resolvedAt' | 'keepFiringSince' | 'since' | 'acknowledged'
>

function episodeAt(at: number): Episode {
  return {
    activeAt: at,
    firedAt: undefined,
    resolvedAt: undefined,
    keepFiringSince: undefined,
    since: at,
    acknowledged: false,
  }
}

/** A new inactive instance. */
export function newInstance(labels: Readonly<Record<string, string>>, fingerprint: string): AlertInstance {
  // The episode's fields in the same order as a new episode writes them: one object shape.
  return { labels, fingerprint, state: 'inactive', value: Number.NaN, ...episodeAt(0) }
}

/**
 * Apply one evaluation at `now`: `holds` says whether the condition held, `value` is the value
 * compared. `forMs` and `keepMs` are the rule's `for` and `keepFiringFor`.
 */
export function stepInstance(
  a: AlertInstance,
  holds: boolean,
  value: number,
  now: number,
  forMs: number,
  keepMs: number,
): Transition {
  if (holds) {
    let transition: Transition = 'none'
    if (a.state === 'pending' || a.state === 'firing') {
      a.keepFiringSince = undefined
    } else {
      // A new episode (once per pending alert, not per evaluation): the one allocation is fine.
      Object.assign(a, episodeAt(now))
      a.state = 'pending'
      transition = 'pending'
    }
    a.value = value
    if (a.state === 'pending' && now - a.activeAt >= forMs) {
      a.state = 'firing'
      a.firedAt = now
      a.since = now
      transition = 'firing'
    }
    return transition
  }
  if (a.state === 'pending') {
    a.state = 'inactive'
    a.since = now
    return 'dropped'
  }
  if (a.state !== 'firing') return 'none'
  if (keepMs > 0) {
    if (a.keepFiringSince === undefined) a.keepFiringSince = now
    if (now - a.keepFiringSince < keepMs) return 'none'
  }
  a.state = 'resolved'
  a.resolvedAt = now
  a.since = now
  a.keepFiringSince = undefined
  if (!Number.isNaN(value)) a.value = value
  return 'resolved'
}
