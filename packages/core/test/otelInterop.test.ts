import { type SpanContext, type Tracer, trace } from '@opentelemetry/api'
import * as sdkTrace from '@opentelemetry/sdk-trace'
import { describe, expect, it } from 'vitest'
import { createTelemetry } from '../src/telemetry.ts'
import type { ReadableSpan } from '../src/types.ts'
import { useOtelContextManager } from './otelContext.ts'
import { recordEndedSpans } from './spans.ts'

useOtelContextManager()

/** What the tests read back from an OTel SDK's in-memory exporter. */
interface FinishedSpan {
  name: string
  spanContext(): SpanContext
  parentSpanContext?: SpanContext | undefined
}

interface Sdk {
  name: string
  /** A tracer from a fresh provider, and a reader of the spans it finished (after a flush). */
  start(): { tracer: Tracer; finished: () => Promise<FinishedSpan[]> }
}

const sdks: Sdk[] = [
  {
    name: '@opentelemetry/sdk-trace 3.1.1',
    start() {
      const exporter = new sdkTrace.InMemorySpanExporter()
      const provider = new sdkTrace.TracerProvider({
        spanProcessors: [new sdkTrace.SimpleSpanProcessor({ exporter })],
      })
      // SimpleSpanProcessor exports asynchronously in OTel JS 3.x: flush before reading.
      const finished = async () => {
        await provider.forceFlush()
        return exporter.getFinishedSpans()
      }
      return { tracer: provider.getTracer('otel-side'), finished }
    },
  },
]

for (const sdk of sdks) {
  describe(`OpenTelemetry interop with ${sdk.name}`, () => {
    const setup = () => {
      const { tracer, finished } = sdk.start()
      const t = createTelemetry({ env: {} })
      const ours = recordEndedSpans(t)
      return { finished, tracer, t, ours }
    }

    it('a Foundation span started inside an active OTel span is its child', async () => {
      const { finished, tracer, t, ours } = setup()
      await tracer.startActiveSpan('otel.parent', async (parent) => {
        await Promise.resolve()
        await t.span('foundation.child', {}, async () => {
          await Promise.resolve()
        })
        t.startSpan('foundation.explicit').end()
        parent.end()
      })
      const otelParent = (await finished())[0]
      expect(otelParent?.name).toBe('otel.parent')
      const parentCtx = otelParent?.spanContext()
      for (const span of ours) {
        expect(span.spanContext.traceId).toBe(parentCtx?.traceId)
        expect(span.parentSpanId).toBe(parentCtx?.spanId)
      }
      expect(ours).toHaveLength(2)
    })

    it('an OTel span started inside a Foundation span is ours, through awaits', async () => {
      const { finished, tracer, t, ours } = setup()
      await t.span('foundation.parent', {}, async () => {
        await Promise.resolve()
        const active = trace.getActiveSpan()
        expect(active?.spanContext().spanId).toBe(t.activeSpan()?.spanContext().spanId)
        await new Promise<void>((resolve) => setImmediate(resolve))
        tracer.startSpan('otel.child').end()
      })
      const ourParent = ours[0] as ReadableSpan
      const otelChild = (await finished())[0]
      expect(otelChild?.spanContext().traceId).toBe(ourParent.spanContext.traceId)
      expect(otelChild?.parentSpanContext?.spanId).toBe(ourParent.spanContext.spanId)
    })

    it('one trace id through Foundation -> OTel -> Foundation -> OTel', async () => {
      const { finished, tracer, t, ours } = setup()
      await t.span('f1', {}, async () => {
        await tracer.startActiveSpan('o1', async (o1) => {
          await t.span('f2', {}, async () => {
            await Promise.resolve()
            tracer.startSpan('o2').end()
          })
          o1.end()
        })
      })
      const otel = await finished()
      const byName = new Map<string, { traceId: string; spanId: string; parent: string | undefined }>()
      for (const s of otel) {
        byName.set(s.name, {
          traceId: s.spanContext().traceId,
          spanId: s.spanContext().spanId,
          parent: s.parentSpanContext?.spanId,
        })
      }
      for (const s of ours)
        byName.set(s.name, {
          traceId: s.spanContext.traceId,
          spanId: s.spanContext.spanId,
          parent: s.parentSpanId,
        })
      const traceIds = new Set([...byName.values()].map((s) => s.traceId))
      expect(traceIds.size).toBe(1)
      expect(byName.get('o1')?.parent).toBe(byName.get('f1')?.spanId)
      expect(byName.get('f2')?.parent).toBe(byName.get('o1')?.spanId)
      expect(byName.get('o2')?.parent).toBe(byName.get('f2')?.spanId)
    })

    it('events emitted inside an OTel span are enriched with its ids; inject writes its traceparent', () => {
      const { tracer, t } = setup()
      const seen: Array<Record<string, unknown>> = []
      t.attach('w', 'app.event', (_e, _m, md) => seen.push(md))
      tracer.startActiveSpan('otel.only', (span) => {
        t.execute('app.event', {}, {})
        const carrier: Record<string, string> = t.inject({})
        expect(carrier.traceparent).toBe(`00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`)
        span.end()
      })
      expect(seen[0]?.trace_id).toMatch(/^[0-9a-f]{32}$/)
    })

    it('OTel attribute calls on the active span reach the Foundation span', () => {
      const { t, ours } = setup()
      t.span('f', {}, () => {
        trace.getActiveSpan()?.setAttribute('from.otel', 'yes')
      })
      expect(ours[0]?.attributes['from.otel']).toBe('yes')
    })

    it('bind keeps the Foundation span even where an OTel span is active at call time', () => {
      const { tracer, t } = setup()
      const bound = t.span('f', {}, (span) => ({
        span,
        read: t.bind(() => t.activeSpan()?.spanContext().spanId),
      }))
      const seen = tracer.startActiveSpan('otel.caller', (caller) => {
        caller.end()
        return bound.read()
      })
      expect(seen).toBe(bound.span.spanContext().spanId)
    })

    it('tracestate crosses in both directions', async () => {
      const { finished, tracer, t } = setup()
      const remote = t.extract({
        traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
        tracestate: 'vendor=abc',
      })
      t.withContext(remote, () => tracer.startSpan('otel.under.remote').end())
      const child = (await finished())[0]
      expect(child?.spanContext().traceId).toBe('0af7651916cd43dd8448eb211c80319c')
      expect(child?.spanContext().traceState?.serialize()).toBe('vendor=abc')
    })
  })
}
