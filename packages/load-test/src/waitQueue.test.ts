import { describe, expect, it } from 'vitest'
import { WaitQueue } from './waitQueue.ts'

describe('WaitQueue', () => {
  it('hands out entries first in, first out, skipping those that gave up', () => {
    const queue = new WaitQueue<{ id: number; gaveUp: boolean }>((item) => item.gaveUp)
    const items = [1, 2, 3, 4].map((id) => ({ id, gaveUp: false }))
    for (const item of items) queue.push(item)
    items[1]!.gaveUp = true
    expect(queue.take()?.id).toBe(1)
    expect(queue.take()?.id).toBe(3)
    expect(queue.take()?.id).toBe(4)
    expect(queue.take()).toBeUndefined()
  })

  it('keeps its order across the compaction of a queue that never empties', () => {
    const queue = new WaitQueue<number>(() => false)
    const taken: number[] = []
    let next = 0
    // Always two ahead: the queue never drains, so taken entries are dropped in bulk now and then.
    queue.push(next++)
    queue.push(next++)
    for (let i = 0; i < 5000; i++) {
      queue.push(next++)
      taken.push(queue.take() as number)
    }
    expect(taken).toEqual(Array.from({ length: 5000 }, (_, i) => i))
    expect([queue.take(), queue.take(), queue.take()]).toEqual([5000, 5001, undefined])
  })
})
