import { describe, expect, it } from 'vitest'
import { readAttachment } from './attachment.ts'
import { createDelivery } from './delivery.ts'
import type { TelemetryError } from './errors.ts'
import { createHandlerCaller } from './handlerCall.ts'
import type { Measurements, Metadata } from './types.ts'

function setup(enrich: ((event: string, md: Metadata) => Metadata | undefined) | null = null) {
  const errors: TelemetryError[] = []
  const seen: Array<[Measurements, Metadata]> = []
  const report = (e: TelemetryError) => errors.push(e)
  const a = readAttachment(
    'h',
    'e',
    (_e: string, m: Measurements, md: Metadata) => seen.push([m, md]),
    undefined,
    undefined,
    () => false,
    report,
  )!
  const deliver = createDelivery({
    caller: createHandlerCaller(report, () => {}),
    enrich: enrich ?? (() => ({ enriched: 'without being asked' })),
    report,
  })
  return {
    deliver: (m?: unknown, md?: unknown) => deliver([a], 'e', m as never, md as never, enrich !== null),
    seen,
    errors,
  }
}

describe('createDelivery', () => {
  it('reads a missing argument as {}, and reports a present non-object before delivering {}', () => {
    const { deliver, seen, errors } = setup()
    deliver()
    deliver(5, 'x')
    expect(seen).toEqual([
      [{}, {}],
      [{}, {}],
    ])
    expect(errors.map((e) => e.message)).toEqual([
      'e: measurements must be an object',
      'e: metadata must be an object',
    ])
  })

  it('hands handlers the enriched metadata, and drops the event when enrichment gives none', () => {
    let drop = false
    const { deliver, seen } = setup((_event, md) => (drop ? undefined : { ...md, added: 1 }))
    deliver({ count: 1 }, { k: 'v' })
    drop = true
    deliver({ count: 2 }, { k: 'w' })
    expect(seen).toEqual([[{ count: 1 }, { k: 'v', added: 1 }]])
  })
})
