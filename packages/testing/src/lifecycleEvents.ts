/**
 * The events each of seed 003's common waits listens for, and the metadata keys that name the
 * subject. Both the taxonomy's names and seed 003's are listed, so tests keep working whichever
 * an emitter uses; every wait also takes an `events` option to override its list.
 */

import { describedAs } from './format.ts'
import type { TelemetryEvent } from './match.ts'
import type { TelemetryLike, WaitOptions } from './observe.ts'
import { waitForEvents } from './waitForTelemetryEvent.ts'

/** Options for the lifecycle waits: a timeout, a clock, and the event names to listen for. */
export interface LifecycleWaitOptions extends WaitOptions {
  /** Event names (or prefix patterns) to accept instead of the defaults in {@link lifecycleEvents}. */
  events?: readonly string[]
}

/** Event names and subject keys for one kind of wait. */
export interface LifecycleWait {
  /** Event names (or prefix patterns) that mean "it happened". */
  readonly events: readonly string[]
  /** Metadata keys, in order, that may carry the subject (service name, agent id, ...). */
  readonly keys: readonly string[]
}

/** The defaults used by the `waitFor*` lifecycle helpers. */
export const lifecycleEvents = {
  serviceReady: {
    events: ['foundation.service.ready', 'foundation.service.started'],
    keys: ['service', 'service_name', 'service_id', 'name'],
  },
  serviceHealth: {
    events: ['foundation.service.health_check', 'foundation.service.health_change'],
    keys: ['service', 'service_name', 'service_id', 'name'],
  },
  processRestart: {
    events: [
      'foundation.service.restarted',
      'foundation_jido.agent.restarted',
      'foundation.process.restarted',
    ],
    keys: ['service', 'agent_id', 'process', 'process_name', 'service_name', 'name'],
  },
  agentRegistration: {
    events: [
      'foundation_jido.agent.registration.complete',
      'foundation_jido.agent.registration.stop',
      'foundation.mabeam.agent.registered',
    ],
    keys: ['agent_id'],
  },
  coordinationCompletion: {
    events: [
      'foundation_jido.coordination.session.complete',
      'foundation_jido.coordination.session.stop',
      'foundation_jido.coordination.session.exception',
      'foundation_jido.coordination.auction.complete',
      'foundation_jido.coordination.auction.stop',
      'foundation_jido.coordination.auction.exception',
      'dspex.coordination.multi_agent.complete',
      'dspex.coordination.multi_agent.stop',
      'dspex.coordination.multi_agent.exception',
      'foundation.mabeam.coordination.completed',
      'foundation.mabeam.coordination.failed',
    ],
    keys: ['coordination_id', 'session_id', 'auction_id'],
  },
  connectionPoolReady: {
    events: ['foundation.connection_pool.created', 'foundation.connection_pool.health'],
    keys: ['pool_id', 'pool'],
  },
  healthImprovement: {
    events: [
      'foundation.service.health_change',
      'foundation.service.health_check',
      'foundation.circuit_breaker.state_change',
      'foundation.circuit_breaker.health_check',
    ],
    keys: ['service', 'service_name', 'service_id', 'name'],
  },
  resourceCleanup: {
    events: [
      'foundation.resource_manager.released',
      'foundation.resource_manager.cleanup',
      'foundation.resource.released',
    ],
    keys: ['resource_id', 'resource_type', 'token_id', 'pool_id'],
  },
} as const satisfies Record<string, LifecycleWait>

/** A metadata predicate, as the lifecycle waits take one. */
export type MetadataPredicate = (metadata: Record<string, unknown>) => boolean

/** A metadata predicate: true when any of `keys` holds `subject` (compared as strings). */
export function subjectIs(keys: readonly string[], subject: string | number): MetadataPredicate {
  const wanted = String(subject)
  return describedAs(
    (metadata: Record<string, unknown>) =>
      keys.some(
        (key) => metadata[key] !== undefined && metadata[key] !== null && String(metadata[key]) === wanted,
      ),
    () => `${keys.join('|')} = ${JSON.stringify(wanted)}`,
  )
}

/**
 * The one body of every lifecycle wait: the first of `wait`'s events (or `options.events`) that
 * names `subject` under one of `wait.keys` (any subject when undefined) and whose metadata passes
 * `also`, when given. `helper` names the caller in failure messages, which print `also` by its
 * description (see {@link describedAs}).
 */
export function waitForLifecycle(
  helper: string,
  telemetry: TelemetryLike,
  wait: LifecycleWait,
  subject: string | undefined,
  options: LifecycleWaitOptions | undefined,
  also?: MetadataPredicate,
): Promise<TelemetryEvent> {
  const isSubject = subject === undefined ? undefined : subjectIs(wait.keys, subject)
  const metadata =
    isSubject === undefined || also === undefined
      ? (isSubject ?? also)
      : describedAs(
          (metadata: Record<string, unknown>) => isSubject(metadata) && also(metadata),
          () => `${isSubject} and ${also}`,
        )
  const match = metadata === undefined ? undefined : { metadata }
  return waitForEvents(helper, telemetry, options?.events ?? wait.events, match, options)
}

/** A wait for one subject's lifecycle event: `(telemetry, subject, options?)`, as {@link subjectWait} builds. */
export type SubjectWait = (
  telemetry: TelemetryLike,
  subject: string,
  options?: LifecycleWaitOptions,
) => Promise<TelemetryEvent>

/**
 * A lifecycle wait with nothing to add but the subject: {@link waitForLifecycle} for `wait`'s
 * events, named `helper` in failure messages, with `also` checked on metadata when given.
 */
export function subjectWait(helper: string, wait: LifecycleWait, also?: MetadataPredicate): SubjectWait {
  return (telemetry, subject, options) => waitForLifecycle(helper, telemetry, wait, subject, options, also)
}
