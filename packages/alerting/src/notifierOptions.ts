/**
 * The `notifiers` option read once: notifiers by name (a malformed one or a second one of the same
 * name is reported and left out), and which of them get grouped notifications and which get the
 * current alerts (`mode: 'alerts'`, Alertmanager's API).
 */
import { AlertsSender } from './alertsSender.ts'
import type { Notifier } from './types.ts'

/** Notifiers by name; `report(message)` hears each one left out. */
export function readNotifiers(
  list: readonly Notifier[] | undefined,
  report: (message: string) => void,
): Map<string, Notifier> {
  const notifiers = new Map<string, Notifier>()
  for (const n of list ?? []) {
    if (n === null || typeof n !== 'object' || typeof n.name !== 'string' || typeof n.send !== 'function') {
      report('a notifier is { name, send(notification) }')
      continue
    }
    if (notifiers.has(n.name)) report(`two notifiers are named ${n.name}; the first is kept`)
    else notifiers.set(n.name, n)
  }
  return notifiers
}

/** Who receives what: grouped receivers by name, and a sender per `alerts`-mode notifier. */
export interface Receivers {
  readonly grouped: string[]
  readonly alertSenders: AlertsSender[]
}

/**
 * Split `notifiers` into grouped receivers and `alerts`-mode senders (re-sending unchanged alerts
 * every `resendMs`); notifiers only escalation uses receive neither.
 */
export function splitReceivers(
  notifiers: ReadonlyMap<string, Notifier>,
  escalationOnly: ReadonlySet<string>,
  timing: { intervalMs: number; resendMs: number },
  urls: ConstructorParameters<typeof AlertsSender>[3],
): Receivers {
  const grouped: string[] = []
  const alertSenders: AlertsSender[] = []
  for (const n of notifiers.values()) {
    if (n.mode === 'alerts')
      alertSenders.push(new AlertsSender(n.name, timing.intervalMs, timing.resendMs, urls))
    else if (!escalationOnly.has(n.name)) grouped.push(n.name)
  }
  return { grouped, alertSenders }
}
