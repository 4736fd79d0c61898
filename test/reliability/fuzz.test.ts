/**
 * "Never throws into the caller", proved over the whole public surface: every function exported
 * by every package (discovered from each package.json `exports`, so a new package is covered the
 * day it lands) and every method of the objects core hands out (the telemetry instance, spans,
 * instruments, bound instruments, event handles) is called with hostile arguments. No call may
 * throw, and no returned promise may reject. Seeded: RELIABILITY_SEED reproduces a failure, and
 * each function draws its arguments from a stream of its own (the seed and its name), so adding
 * an export does not change what any other function is called with.
 */
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CALLBACK_ERROR, hostileValues } from './support/hostile.ts'
import { prng, SEED } from './support/seed.ts'
import { workspaceEntryPoints } from './support/workspace.ts'

/** Packages whose functions throw or reject by design, and why. */
const THROWS_BY_DESIGN: Readonly<Record<string, string>> = {
  // Test helpers: an assertion that does not hold throws, a wait that times out rejects; that
  // is how a test fails. They never run inside a host program.
  '@foundation-telemetry/testing': 'test assertions throw on mismatch by design',
}

/** Single functions that reject by contract, and why. */
const REJECTS_BY_DESIGN: ReadonlySet<string> = new Set([
  // `listen()` rejects when the port cannot be bound: the caller asked for a server and must know.
  'PrometheusExporter.listen',
  // Invalid options reject with a LoadTestConfigError before anything runs; the CLI exits 2 on it.
  '@foundation-telemetry/load-test#runLoadTest',
  '@foundation-telemetry/load-test#runSimple',
  // Follows the thenable a traced call returned and passes its rejection on, as a transparent
  // wrapper must (a sync throw of its own is still an escape).
  '@foundation-telemetry/core#settleWith',
])

/**
 * Functions that run the caller's callback and pass its own error on, as a transparent wrapper
 * must (`t.span(name, fn)` rethrows what `fn` threw); only that error may come out of them.
 */
const RUNS_CALLBACK: ReadonlySet<string> = new Set([
  'Telemetry.span',
  'Telemetry.withContext',
  'Telemetry.withCorrelationId',
])

const CALLS_PER_FUNCTION = 36
/** Calls per method of the objects core hands out: these take data on every hot path. */
const CALLS_PER_METHOD = 300

/** The argument stream of the function or method named `where`: the seed mixed with its name. */
function streamFor(where: string): () => number {
  let hash = SEED >>> 0
  for (let i = 0; i < where.length; i++) hash = Math.imul(hash ^ where.charCodeAt(i), 0x01000193) >>> 0
  return prng(hash)
}

interface Escape {
  where: string
  args: string
  error: string
}

const escapes: Escape[] = []
/** Promises the fuzzed calls returned, each recording its rejection as an escape. */
const pending: Promise<unknown>[] = []
const cleanups: Array<() => unknown> = []
let calls = 0

function describeArg(value: unknown): string {
  try {
    if (typeof value === 'string')
      return JSON.stringify(value.length > 20 ? `${value.slice(0, 20)}...` : value)
    if (typeof value === 'bigint' || typeof value === 'symbol') return String(value)
    if (typeof value === 'function') return 'function'
    if (value === null || typeof value !== 'object') return String(value)
    return Array.isArray(value) ? 'array' : 'object'
  } catch {
    return 'hostile'
  }
}

function isClass(fn: Function): boolean {
  try {
    return /^class\b/.test(Function.prototype.toString.call(fn))
  } catch {
    return false
  }
}

/** Call `fn` (or construct it) with `args`; record a sync throw or a later rejection. */
function attempt(where: string, fn: Function, self: unknown, args: unknown[]): unknown {
  calls++
  const record = (error: unknown) => {
    const message = String((error as Error)?.message ?? error)
    if (RUNS_CALLBACK.has(where) && message === CALLBACK_ERROR) return
    const stack = process.env.FUZZ_STACKS === undefined ? '' : `\n${String((error as Error)?.stack)}`
    escapes.push({ where, args: args.map(describeArg).join(', '), error: message + stack })
  }
  try {
    const result = isClass(fn) ? Reflect.construct(fn, args) : Reflect.apply(fn, self, args)
    // A function may hand a hostile argument back (bind, inject): inspecting it is our risk.
    if (isPromise(result)) {
      if (!REJECTS_BY_DESIGN.has(where)) pending.push(result.catch(record))
      else result.catch(() => {})
    }
    remember(result)
    return result
  } catch (error) {
    record(error)
    return undefined
  }
}

function isPromise(value: unknown): value is Promise<unknown> {
  try {
    return value instanceof Promise
  } catch {
    return false
  }
}

/** Resources the fuzz created (servers, timers) are released after it. */
function remember(result: unknown): void {
  if (typeof result !== 'object' || result === null || isPromise(result)) return
  for (const name of ['shutdown', 'close', 'stop']) {
    let method: unknown
    try {
      method = (result as Record<string, unknown>)[name]
    } catch {
      return
    }
    if (typeof method === 'function') {
      cleanups.push(() => method.call(result))
      return
    }
  }
}

function hostileArgs(random: () => number): unknown[] {
  const values = hostileValues()
  const arity = Math.floor(random() * 5)
  return Array.from({ length: arity }, () => values[Math.floor(random() * values.length)])
}

/** `calls` attempts of `fn` under the name `where`, each with fresh hostile arguments. */
function fuzz(where: string, fn: Function, self: unknown, calls: number, leading: unknown[] = []): void {
  const random = streamFor(leading.length === 0 ? where : `${where}(${leading.join(', ')}, ...)`)
  for (let i = 0; i < calls; i++) attempt(where, fn, self, [...leading, ...hostileArgs(random)])
}

/**
 * The public methods of each surface, as their interfaces declare them (class instances also
 * carry internal methods, which are not API).
 */
const PUBLIC_METHODS: Readonly<Record<string, readonly string[]>> = {
  Span: [
    'spanContext',
    'setAttribute',
    'setAttributes',
    'addEvent',
    'addLink',
    'setStatus',
    'recordException',
    'updateName',
    'end',
    'isRecording',
  ],
  Counter: ['add', 'bind'],
  UpDownCounter: ['add', 'bind'],
  Gauge: ['set', 'bind'],
  Histogram: ['record', 'bind'],
  Summary: ['record', 'bind'],
  BoundCounter: ['add'],
  BoundHistogram: ['record'],
  BoundGauge: ['set'],
  EventHandle: ['execute', 'hasHandlers'],
  Metrics: [
    'counter',
    'upDownCounter',
    'gauge',
    'histogram',
    'summary',
    'collect',
    'windowStats',
    'windowRatio',
    'startRuntimeMetrics',
  ],
}

/** The public methods of `target`: the declared ones, else its own function-valued properties. */
function methodsOf(label: string, target: object): Array<[string, Function]> {
  const names = PUBLIC_METHODS[label] ?? Object.keys(target)
  const out: Array<[string, Function]> = []
  for (const name of names) {
    const value = (target as Record<string, unknown>)[name]
    if (typeof value === 'function') out.push([name, value])
  }
  return out
}

function fuzzMethods(label: string, target: object): void {
  for (const [name, method] of methodsOf(label, target)) {
    if (['shutdown', 'close', 'stop'].includes(name)) continue
    fuzz(`${label}.${name}`, method, target, CALLS_PER_METHOD)
  }
}

/** Wait for every promise a fuzzed call returned to settle, its rejection (if any) recorded. */
async function settle(): Promise<void> {
  while (pending.length > 0) await Promise.all(pending.splice(0))
}

const unhandled: unknown[] = []
const onUnhandled = (reason: unknown) => unhandled.push(reason)
beforeAll(() => {
  process.on('unhandledRejection', onUnhandled)
})
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled)
  for (const cleanup of cleanups.splice(0)) {
    try {
      await cleanup()
    } catch {
      // Cleanup of fuzzed objects is best effort.
    }
  }
})

function report(): string {
  const byWhere = new Map<string, Escape>()
  for (const e of escapes) if (!byWhere.has(e.where)) byWhere.set(e.where, e)
  return [...byWhere.values()].map((e) => `${e.where}(${e.args}): ${e.error}`).join('\n')
}

describe(`fuzz over the public surface (seed ${SEED})`, () => {
  const entries = workspaceEntryPoints()

  it('discovers the entry points of every package from package.json exports', () => {
    const packages = new Set(entries.map((e) => e.pkg))
    expect(packages).toContain('@foundation-telemetry/core')
    expect(packages).toContain('@foundation-telemetry/exporters')
    expect(entries.map((e) => e.specifier)).toContain('@foundation-telemetry/exporters/otlp')
  })

  it('no exported function of any package throws or rejects on hostile arguments', async () => {
    escapes.length = 0
    let functions = 0
    for (const entry of entries) {
      if (THROWS_BY_DESIGN[entry.pkg] !== undefined) continue
      const module = (await import(pathToFileURL(entry.file).href)) as Record<string, unknown>
      for (const [name, value] of Object.entries(module)) {
        if (typeof value !== 'function') continue
        functions++
        fuzz(`${entry.specifier}#${name}`, value, undefined, CALLS_PER_FUNCTION)
      }
    }
    await settle()
    expect(functions).toBeGreaterThan(20)
    expect(report()).toBe('')
  })

  it('no method of the telemetry instance, spans, instruments, bound instruments or event handles throws', async () => {
    escapes.length = 0
    const core = await import('@foundation-telemetry/core')
    const t = core.createTelemetry({ env: {}, onError: () => {} })
    const surfaces: Array<[string, object]> = [
      ['Telemetry', t],
      ['Metrics', t.metrics],
      ['Span', t.startSpan('fuzz')],
      ['Counter', t.metrics.counter('fuzz.counter')],
      ['UpDownCounter', t.metrics.upDownCounter('fuzz.updown')],
      ['Gauge', t.metrics.gauge('fuzz.gauge')],
      ['Histogram', t.metrics.histogram('fuzz.histogram')],
      ['Summary', t.metrics.summary('fuzz.summary')],
      ['BoundCounter', t.metrics.counter('fuzz.counter').bind({ a: 'b' })],
      ['BoundHistogram', t.metrics.histogram('fuzz.histogram').bind({ a: 'b' })],
      ['BoundGauge', t.metrics.gauge('fuzz.gauge').bind({ a: 'b' })],
      ['EventHandle', t.event('fuzz.event')],
    ]
    for (const [label, target] of surfaces) fuzzMethods(label, target)
    // Handlers attached by the fuzz run on later calls too: execute once more with them in place.
    fuzz('Telemetry.execute', t.execute, t, CALLS_PER_FUNCTION, ['fuzz.event'])
    await settle()
    expect(report()).toBe('')
    expect(unhandled).toEqual([])
    expect(calls).toBeGreaterThan(10_000)
    expect(t.stats().invalid_input).toBeGreaterThan(0)
  })
})
