import { createManualClock } from '@foundation-telemetry/core'
import { describe, expect, it } from 'vitest'
import { batchLimits, createBatchQueue } from './batchQueue.ts'

function setup(options: Parameters<typeof createBatchQueue>[0]) {
  const clock = createManualClock()
  const batches: number[][] = []
  const drops: string[] = []
  const depths: number[] = []
  let release: (() => void) | undefined
  let blocking = false
  let onBatch: ((items: number[]) => void) | undefined
  const queue = createBatchQueue<number>(options, {
    clock,
    exportBatch: (items) => {
      batches.push(items)
      onBatch?.(items)
      if (!blocking) return Promise.resolve()
      return new Promise<void>((resolve) => {
        release = resolve
      })
    },
    onDrop: (count, reason) => drops.push(`${count}:${reason}`),
    onDepth: (depth) => depths.push(depth),
  })
  return {
    clock,
    queue,
    batches,
    drops,
    depths,
    block: () => {
      blocking = true
    },
    release: () => release?.(),
    nextBatch: () =>
      new Promise<number[]>((resolve) => {
        onBatch = resolve
      }),
  }
}

describe('batch queue', () => {
  it('exports full batches at once and the rest after the scheduled delay', async () => {
    const t = setup({ maxExportBatchSize: 3, scheduledDelay: 1000 })
    let next = t.nextBatch()
    t.queue.add(0)
    t.clock.advance(999)
    expect(t.batches).toHaveLength(0)
    t.clock.advance(1)
    expect(await next).toEqual([0])
    await t.queue.flush()
    next = t.nextBatch()
    for (let i = 1; i < 5; i++) t.queue.add(i)
    expect(await next).toEqual([1, 2, 3])
    await t.queue.flush()
    expect(t.batches.flat()).toEqual([0, 1, 2, 3, 4])
  })

  it('holds at most maxQueueSize items while an export is in flight', async () => {
    const t = setup({ maxQueueSize: 4, maxExportBatchSize: 2 })
    t.block()
    for (let i = 0; i < 10; i++) t.queue.add(i)
    expect(t.queue.size()).toBeLessThanOrEqual(4)
    const dropped = t.drops.reduce((sum, d) => sum + Number(d.split(':')[0]), 0)
    expect(dropped + t.queue.size() + t.batches.flat().length).toBe(10)
    expect(Math.max(...t.depths)).toBeLessThanOrEqual(4)
  })

  it('shutdown exports everything accepted, then drops new items and clears its timer', async () => {
    const t = setup({ maxExportBatchSize: 100, scheduledDelay: 5000 })
    for (let i = 0; i < 5; i++) t.queue.add(i)
    expect(t.clock.pendingTimers()).toBe(1)
    await t.queue.shutdown()
    expect(t.batches.flat()).toEqual([0, 1, 2, 3, 4])
    expect(t.queue.add(99)).toBe(false)
    expect(t.drops).toEqual(['1:shutdown'])
    expect(t.clock.pendingTimers()).toBe(0)
  })

  it('keeps exporting after an exportBatch that broke its promise and rejected', async () => {
    const clock = createManualClock()
    const batches: number[][] = []
    const queue = createBatchQueue<number>(
      { maxExportBatchSize: 2 },
      {
        clock,
        exportBatch: (items) => {
          batches.push(items)
          return batches.length === 1 ? Promise.reject(new Error('broken owner')) : Promise.resolve()
        },
        onDrop: () => {},
      },
    )
    for (let i = 0; i < 5; i++) queue.add(i)
    await queue.flush()
    expect(batches).toEqual([[0, 1], [2, 3], [4]])
  })

  it('arms one delay timer for a partial batch, however many items join it', () => {
    const t = setup({ maxExportBatchSize: 10, scheduledDelay: 1000 })
    for (let i = 0; i < 5; i++) t.queue.add(i)
    expect(t.clock.pendingTimers()).toBe(1)
  })
})

describe('batchLimits', () => {
  it("defaults to OpenTelemetry's BatchSpanProcessor limits", () => {
    expect(batchLimits({})).toEqual({ maxQueueSize: 2048, maxBatch: 512, delay: 5000 })
  })

  it('never makes a batch larger than the queue, and rounds sizes down to whole items', () => {
    expect(batchLimits({ maxQueueSize: 100.7, maxExportBatchSize: 512 })).toEqual({
      maxQueueSize: 100,
      maxBatch: 100,
      delay: 5000,
    })
    expect(batchLimits({ maxQueueSize: 10, maxExportBatchSize: 3.9 }).maxBatch).toBe(3)
  })

  it('holds and sends at least one item, and never waits a negative delay', () => {
    expect(batchLimits({ maxQueueSize: 0, maxExportBatchSize: -4, scheduledDelay: -1 })).toEqual({
      maxQueueSize: 1,
      maxBatch: 1,
      delay: 0,
    })
  })
})
