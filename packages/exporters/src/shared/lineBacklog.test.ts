import { describe, expect, it } from 'vitest'
import { LineBacklog } from './lineBacklog.ts'

describe('line backlog', () => {
  it('refuses a line that would take it past maxBytes, counting UTF-8 bytes rather than characters', () => {
    const backlog = new LineBacklog(1000)
    // 101 characters, 301 bytes: three fit in 1000 bytes, a fourth does not.
    const line = `${'€'.repeat(100)}\n`
    expect([1, 2, 3, 4].map(() => backlog.push(line))).toEqual([true, true, true, false])
    expect(backlog.length).toBe(3)
  })

  it('accepts a line that fills it exactly', () => {
    const backlog = new LineBacklog(4)
    expect(backlog.push('abc\n')).toBe(true)
    expect(backlog.push('\n')).toBe(false)
  })

  it('hands every line back as one chunk and is empty afterwards, with its whole budget free again', () => {
    const backlog = new LineBacklog(8)
    backlog.push('a\n')
    backlog.push('bc\n')
    expect(backlog.take()).toBe('a\nbc\n')
    expect(backlog.length).toBe(0)
    expect(backlog.push('1234567\n')).toBe(true)
  })

  it('clear() drops what it holds and says how many lines that was', () => {
    const backlog = new LineBacklog(100)
    backlog.push('a\n')
    backlog.push('b\n')
    expect(backlog.clear()).toBe(2)
    expect(backlog.length).toBe(0)
    expect(backlog.clear()).toBe(0)
    expect(backlog.take()).toBe('')
  })
})
