/**
 * Explicit spans through a batching processor: ours vs OpenTelemetry's `startSpan().end()` on a
 * TracerProvider with a BatchSpanProcessor. Both run 128 spans, then yield to the event loop once,
 * so each batch processor can finish its export (measured synchronously, OTel's processor would stay
 * "exporting" and silently drop everything past its queue, a bogus comparison).
 */
import { ourBatchedTelemetry } from '../batchingProcessor.ts'
import { type CaseDefinition, type Prepared, yieldToLoop } from '../caseSpec.ts'
import { verifyWith } from '../ours.ts'
import { otelBatchTracing } from '../peers.ts'

/**
 * Spans per run; the harness divides by it. Small enough that one sample (a run) is well under a
 * scheduler time slice, large enough that the yield costs little per span. Batch processors export
 * at 512 queued spans, so an export happens every fourth run.
 */
export const SPANS_PER_RUN = 128
const NAMES = Array.from({ length: 8 }, (_, i) => `foundation.bench.step_${i}`)
const NAME_MASK = NAMES.length - 1

/** Both sides' run: {@link SPANS_PER_RUN} new root spans started and ended on `tracer`, then one yield. */
function batchedSpans(tracer: { startSpan(name: string): { end(): void } }) {
  let n = 0
  return {
    /** Spans started so far. */
    started: () => n,
    run: async () => {
      for (let k = 0; k < SPANS_PER_RUN; k++) tracer.startSpan(NAMES[++n & NAME_MASK]!).end()
      await yieldToLoop()
    },
  }
}

/** Our side: {@link batchedSpans} on our telemetry, every span exported by the batching processor. */
async function oursBatched(): Promise<Prepared> {
  const { telemetry, log, processor } = await ourBatchedTelemetry()
  const spans = batchedSpans(telemetry)
  return {
    kind: 'ns',
    opsPerRun: SPANS_PER_RUN,
    run: spans.run,
    verify: verifyWith(log, async () => {
      await processor.forceFlush()
      const n = spans.started()
      if (processor.dropped > 0) return `our batching processor dropped ${processor.dropped} spans`
      return processor.exported === n ? undefined : `exported ${processor.exported} of ${n} spans`
    }),
  }
}

/** `span.start_end.batched`. */
export const spanStartEndBatched: CaseDefinition = {
  unit: 'ns',
  goal: { kind: 'ratio', max: 0.12 },
  peer: '@opentelemetry/sdk-trace startSpan().end(), BatchSpanProcessor',
  description:
    't.startSpan(name).end() as a new root, batching processor attached; per span, 128 spans then one event-loop yield',
  ours: oursBatched,
  peerSide: async (): Promise<Prepared> => {
    const { provider, exported } = otelBatchTracing()
    const spans = batchedSpans(provider.getTracer('bench'))
    return {
      kind: 'ns',
      opsPerRun: SPANS_PER_RUN,
      run: spans.run,
      verify: async () => {
        await provider.forceFlush()
        const n = spans.started()
        return exported() === n ? undefined : `OTel exported ${exported()} of ${n} spans`
      },
    }
  },
}

type CoreModule = typeof import('@foundation-telemetry/core')

/**
 * One side of `span.clock_read`: `read` called once per run; verify checks that the readings were
 * real (finite, never going back).
 */
function clockReads(read: () => number, who: string): Prepared {
  let last = Number.NEGATIVE_INFINITY
  let problem: string | undefined
  return {
    kind: 'ns',
    run: () => {
      const now = read()
      if (!(now >= last) && problem === undefined) problem = `${who} went from ${last} to ${now}`
      last = now
      return now
    },
    verify: () => problem ?? (Number.isFinite(last) ? undefined : `${who} never read a finite time`),
  }
}

/**
 * `span.clock_read` (extra): one read of the monotonic clock our spans read twice (at start and at
 * end), vs `performance.now()`, the clock OpenTelemetry's spans read. What a span costs can go no
 * lower than two of these, so this row shows how much of `span.start_end.batched` is the machine's
 * clock.
 */
export const spanClockRead: CaseDefinition = {
  unit: 'ns',
  goal: { kind: 'none', max: 0 },
  peer: 'performance.now()',
  description: "one read of core's systemClock.monotonic(), the clock a span reads at start and at end",
  ours: async () => {
    const { systemClock }: CoreModule = await import('@foundation-telemetry/core')
    return clockReads(() => systemClock.monotonic(), 'systemClock.monotonic()')
  },
  peerSide: async () => clockReads(() => performance.now(), 'performance.now()'),
}
