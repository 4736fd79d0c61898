/**
 * The event bus against the emitters a Node user would reach for: dispatch with nobody listening
 * (the cost every instrumented library pays in an app that attaches nothing) and with one handler.
 *
 * The goal rows measure our like-for-like of the peers: a handle resolved once per event name
 * (`t.event(name)`, as `diagnostics_channel.channel(name)` is) on an instance with `enrich: false`
 * (neither peer adds anything to the message; dispatch is what is compared). The extra rows (no
 * goal, same peers) show what the other ways in cost: `t.execute(name, ...)` by name, a handle
 * with enrichment on (the default), and a handle handed a bare copy of the metadata (what copying
 * alone costs of enrichment).
 */
import diagnosticsChannel from 'node:diagnostics_channel'
import type { Telemetry } from '@foundation-telemetry/core'
import { EventEmitter } from 'eventemitter3'
import type { CaseDefinition, Prepared } from '../caseSpec.ts'
import { measurementSets, ROTATION_MASK } from '../fixtures.ts'
import { type ErrorLog, eventHandle, ourTelemetry, verifyWith } from '../ours.ts'

/** Eight event names rotated through, so neither side sees one constant key. */
const EVENTS = Array.from({ length: 8 }, (_, i) => `foundation.bench.op_${i}.stop`)
const EVENT_MASK = EVENTS.length - 1
const HEARD = 'foundation.bench.work.stop'

const NO_HANDLER_PEER = 'eventemitter3 emit, no listener'
const ONE_HANDLER_PEER = 'node:diagnostics_channel publish, 1 subscriber'

/**
 * How our side reaches the bus: a pre-resolved handle per name, `t.execute` with the name, or a
 * handle handed a fresh `{ ...md }` copy per event (the copy any enrichment that returns a new
 * plain object makes, with nothing added and no enricher run).
 */
type Api = 'handle' | 'name' | 'copied'

function metadataSets(): Array<{ agent_id: string; step: number }> {
  return Array.from({ length: ROTATION_MASK + 1 }, (_, i) => ({ agent_id: `agent_${i & 7}`, step: i }))
}

/** Our side of `execute.no_handler*`: 8 rotating names nobody listens to. */
async function oursNoHandler(api: Api): Promise<Prepared> {
  const { telemetry, log } = await ourTelemetry({ enrich: false })
  // A handler on another event, as on the peer side: the app listens to something, not to this.
  telemetry.attach('bench.other', HEARD, () => {})
  const measurements = measurementSets()
  const metadata = metadataSets()
  const verify = verifyWith(log, () =>
    EVENTS.some((name) => telemetry.hasHandlers(name))
      ? 'a handler is attached to an unheard event'
      : undefined,
  )
  let i = 0
  if (api === 'name')
    return {
      kind: 'ns',
      run: () => {
        i = (i + 1) & ROTATION_MASK
        return telemetry.execute(EVENTS[i & EVENT_MASK]!, measurements[i], metadata[i])
      },
      verify,
    }
  const handles = EVENTS.map((name) => eventHandle(telemetry, name))
  return {
    kind: 'ns',
    run: () => {
      i = (i + 1) & ROTATION_MASK
      return handles[i & EVENT_MASK]!.execute(measurements[i], metadata[i])
    },
    verify,
  }
}

async function peerNoHandler(): Promise<Prepared> {
  const emitter = new EventEmitter()
  // A listener on another event, so the emitter's map is not empty (as in a real app).
  emitter.on(HEARD, () => {})
  const measurements = measurementSets()
  const metadata = metadataSets()
  let i = 0
  let heard = 0
  return {
    kind: 'ns',
    run: () => {
      i = (i + 1) & ROTATION_MASK
      const delivered = emitter.emit(EVENTS[i & EVENT_MASK]!, measurements[i], metadata[i])
      if (delivered) heard++
      return delivered
    },
    verify: () => (heard > 0 ? 'emit reported a listener' : undefined),
  }
}

/** Attaches the summing handler both sides run; its state proves it ran. */
function attachSum(telemetry: Telemetry): { total: number; calls: number } {
  const state = { total: 0, calls: 0 }
  telemetry.attach(
    'bench.sum',
    HEARD,
    (_event, m, _md, config: typeof state) => {
      config.total += m.count ?? 0
      config.calls++
    },
    state,
  )
  return state
}

function sumVerified(log: ErrorLog, state: { calls: number }, expected: () => number) {
  return verifyWith(log, () =>
    state.calls === expected() ? undefined : `the handler ran ${state.calls} times for ${expected()} events`,
  )
}

/** Our side of `execute.one_handler*`: one handler summing a measurement. */
async function oursOneHandler(api: Api, enrich: boolean): Promise<Prepared> {
  const { telemetry, log } = await ourTelemetry({ enrich })
  const state = attachSum(telemetry)
  const measurements = measurementSets()
  const metadata = metadataSets()
  let i = 0
  let sent = 0
  const verify = sumVerified(log, state, () => sent)
  if (api === 'name')
    return {
      kind: 'ns',
      run: () => {
        i = (i + 1) & ROTATION_MASK
        sent++
        return telemetry.execute(HEARD, measurements[i], metadata[i])
      },
      verify,
    }
  const heard = eventHandle(telemetry, HEARD)
  if (api === 'copied')
    return {
      kind: 'ns',
      run: () => {
        i = (i + 1) & ROTATION_MASK
        sent++
        return heard.execute(measurements[i], { ...metadata[i] })
      },
      verify,
    }
  return {
    kind: 'ns',
    run: () => {
      i = (i + 1) & ROTATION_MASK
      sent++
      return heard.execute(measurements[i], metadata[i])
    },
    verify,
  }
}

async function peerOneHandler(): Promise<Prepared> {
  const channel = diagnosticsChannel.channel(HEARD)
  const state = { total: 0, calls: 0 }
  channel.subscribe((message) => {
    state.total += (message as { measurements: { count: number } }).measurements.count
    state.calls++
  })
  const measurements = measurementSets()
  const metadata = metadataSets()
  // Messages built up front: diagnostics_channel carries one object, ours takes two arguments.
  const messages = measurements.map((m, i) => ({ measurements: m, metadata: metadata[i] }))
  let i = 0
  let sent = 0
  return {
    kind: 'ns',
    run: () => {
      i = (i + 1) & ROTATION_MASK
      sent++
      return channel.publish(messages[i])
    },
    verify: () =>
      state.calls === sent ? undefined : `the subscriber ran ${state.calls} times for ${sent} messages`,
  }
}

/** `execute.no_handler`: a handle nobody listens to (enrich off), vs EventEmitter3 `emit` with no listener. */
export const executeNoHandler: CaseDefinition = {
  unit: 'ns',
  goal: { kind: 'ratio', max: 0.15 },
  peer: NO_HANDLER_PEER,
  description: 't.event(name).execute(m, md) (8 handles made once, enrich: false), no handler on them',
  ours: () => oursNoHandler('handle'),
  peerSide: peerNoHandler,
}

/** `execute.no_handler.by_name`: the same through `t.execute(name, ...)`. */
export const executeNoHandlerByName: CaseDefinition = {
  unit: 'ns',
  goal: { kind: 'ratio', max: 1.0 },
  peer: NO_HANDLER_PEER,
  description: 't.execute(name, m, md) by name (8 names, enrich: false), no handler on them',
  ours: () => oursNoHandler('name'),
  peerSide: peerNoHandler,
}

/** `execute.one_handler`: a handle to one handler (enrich off), vs `diagnostics_channel` publish to one subscriber. */
export const executeOneHandler: CaseDefinition = {
  unit: 'ns',
  goal: { kind: 'ratio', max: 1.25 },
  peer: ONE_HANDLER_PEER,
  description:
    't.event(name).execute(m, md) (handle made once, enrich: false) to one handler summing a measurement',
  ours: () => oursOneHandler('handle', false),
  peerSide: peerOneHandler,
}

/** `execute.one_handler.by_name`: the same through `t.execute(name, ...)`. */
export const executeOneHandlerByName: CaseDefinition = {
  unit: 'ns',
  goal: { kind: 'ratio', max: 1.25 },
  peer: ONE_HANDLER_PEER,
  description: 't.execute(name, m, md) by name (enrich: false) to one handler summing a measurement',
  ours: () => oursOneHandler('name', false),
  peerSide: peerOneHandler,
}

/** `execute.one_handler.enriched`: the handle with metadata enrichment on (the default). */
export const executeOneHandlerEnriched: CaseDefinition = {
  unit: 'ns',
  goal: { kind: 'ratio', max: 2.0 },
  peer: ONE_HANDLER_PEER,
  description: 't.event(name).execute(m, md) (handle, enrichment on: the default) to one summing handler',
  ours: () => oursOneHandler('handle', true),
  peerSide: peerOneHandler,
}

/**
 * `execute.one_handler.copied` (extra): the handle with enrichment off, handed a fresh
 * `{ ...md }` copy of the metadata per event: the copy any enrichment that returns a new plain
 * object makes, with nothing added and no active span read. Set beside
 * `execute.one_handler.enriched`, it splits that row into the copy and the rest.
 */
export const executeOneHandlerCopied: CaseDefinition = {
  unit: 'ns',
  goal: { kind: 'none', max: 0 },
  peer: ONE_HANDLER_PEER,
  description:
    't.event(name).execute(m, { ...md }) (handle, enrich: false, a bare copy of the metadata per event)',
  ours: () => oursOneHandler('copied', false),
  peerSide: peerOneHandler,
}
