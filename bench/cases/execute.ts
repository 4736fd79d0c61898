/**
 * The event bus against the emitters a Node user would reach for: `execute` with nobody listening
 * (the cost every instrumented library pays in an app that attaches nothing) and with one handler.
 */
import diagnosticsChannel from 'node:diagnostics_channel'
import { EventEmitter } from 'eventemitter3'
import type { CaseSpec, Prepared } from '../caseSpec.ts'
import { measurementSets, ROTATION_MASK } from '../fixtures.ts'
import { guard, ourTelemetry, verifyWith } from '../ours.ts'

/** Eight event names rotated through, so neither side sees one constant key. */
const EVENTS = Array.from({ length: 8 }, (_, i) => `foundation.bench.op_${i}.stop`)
const EVENT_MASK = EVENTS.length - 1
const HEARD = 'foundation.bench.work.stop'

function metadataSets(): Array<{ agent_id: string; step: number }> {
  return Array.from({ length: ROTATION_MASK + 1 }, (_, i) => ({ agent_id: `agent_${i & 7}`, step: i }))
}

/** `execute.no_handler`: dispatch of an event nobody listens to, vs EventEmitter3 `emit` with no listener. */
export const executeNoHandler: CaseSpec = {
  id: 'execute.no_handler',
  unit: 'ns',
  goal: { kind: 'ratio', max: 0.15 },
  peer: 'eventemitter3 emit, no listener',
  description: 't.execute(event, measurements, metadata) with no handler attached to the event',
  ours: () =>
    guard(async () => {
      const { telemetry, log } = await ourTelemetry()
      // A handler on another event, as on the peer side: the app listens to something, not to this.
      telemetry.attach('bench.other', HEARD, () => {})
      const measurements = measurementSets()
      const metadata = metadataSets()
      let i = 0
      return {
        kind: 'ns',
        run: () => {
          i = (i + 1) & ROTATION_MASK
          return telemetry.execute(EVENTS[i & EVENT_MASK]!, measurements[i], metadata[i])
        },
        verify: verifyWith(log, () =>
          telemetry.hasHandlers(EVENTS[0]!) ? 'a handler is attached to the unheard event' : undefined,
        ),
      }
    }),
  peerSide: async (): Promise<Prepared> => {
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
  },
}

/** `execute.one_handler`: dispatch to one handler, vs `diagnostics_channel` publish to one subscriber. */
export const executeOneHandler: CaseSpec = {
  id: 'execute.one_handler',
  unit: 'ns',
  goal: { kind: 'ratio', max: 1.25 },
  peer: 'node:diagnostics_channel publish, 1 subscriber',
  description: 't.execute(event, measurements, metadata) with one attached handler that sums a measurement',
  ours: () =>
    guard(async () => {
      const { telemetry, log } = await ourTelemetry()
      const measurements = measurementSets()
      const metadata = metadataSets()
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
      let i = 0
      return {
        kind: 'ns',
        run: () => {
          i = (i + 1) & ROTATION_MASK
          return telemetry.execute(HEARD, measurements[i], metadata[i])
        },
        verify: verifyWith(log, () => (state.calls > 0 ? undefined : 'the handler was never called')),
      }
    }),
  peerSide: async (): Promise<Prepared> => {
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
    return {
      kind: 'ns',
      run: () => {
        i = (i + 1) & ROTATION_MASK
        return channel.publish(messages[i])
      },
      verify: () => (state.calls > 0 ? undefined : 'the subscriber was never called'),
    }
  },
}
